package dev.poco.runner.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandboxes with bubblewrap: every namespace unshared (no network at all, not even the host's loopback), a non-root
 * uid in a user namespace, no capabilities, a seccomp filter ({@link SeccompFilter}) and no nested user namespaces,
 * read-only system directories and {@code /proc/sys}, no {@code /sys}, writable {@code /workspace} and {@code
 * /home/agent} only, a cleared environment, rlimits through {@code prlimit} inside the sandbox, memory and pids
 * through cgroup v2 or v1 where the host allows it, a watchdog for memory without a cgroup and for the workspace
 * size, and a wall-clock limit enforced from Java ({@link LimitEnforcer}, {@link #isolationReport()}).
 *
 * <p>When the runner is root, the sandbox's uid would map to host root; instead every sandbox runs as a host uid of
 * {@link BubblewrapOptions#hostUids()}, one per workspace in use ({@link HostUidPool}), which owns the workspace and
 * home while its sandboxes run.
 *
 * <p>The constructor checks that bwrap exists and can create namespaces here, and fails with {@link
 * SandboxUnavailableException} naming the fix otherwise.
 */
public final class BubblewrapSandboxDriver implements SandboxDriver {

    private static final Logger log = LoggerFactory.getLogger(BubblewrapSandboxDriver.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    /** Locks of leased sandbox uids, shared by every runner of this host (see {@link HostUidPool}). */
    private static final Path UID_LOCK_DIR = Path.of("/run/poco/sandbox-uids");

    private final BubblewrapOptions options;
    private final Path bwrap;
    private final List<String> systemMounts;
    /** setpriv, when the runner is root and every sandbox drops to a uid of {@link #uidPool}. */
    private final @Nullable Path setpriv;
    private final @Nullable HostUidPool uidPool;
    private final @Nullable HostUserAccess hostUserAccess;
    private final LimitOptions limitOptions;
    private final LimitEnforcer limits;
    private final BubblewrapCommand.KernelSurface kernel;
    private final Set<String> reservedIds = ConcurrentHashMap.newKeySet();
    private final Map<String, BubblewrapSandboxHandle> handles = new ConcurrentHashMap<>();
    /** Host workspace and home of each sandbox not yet cleaned up; they follow {@link #moved}. */
    private final Map<String, SandboxPaths> paths = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private volatile boolean closed;

    public BubblewrapSandboxDriver() {
        this(BubblewrapOptions.defaults());
    }

    public BubblewrapSandboxDriver(BubblewrapOptions options) {
        this(options, LimitOptions.defaults());
    }

    /**
     * @throws SandboxUnavailableException also when {@code limitOptions.requireLimits()} and a limit cannot be
     *     enforced here
     */
    public BubblewrapSandboxDriver(BubblewrapOptions options, LimitOptions limitOptions) {
        this.options = options;
        this.limitOptions = limitOptions;
        this.bwrap = locateBwrap(options.bwrapPath());
        if (!Files.isExecutable(Path.of(BubblewrapCommand.PRLIMIT))) {
            throw new SandboxUnavailableException(BubblewrapCommand.PRLIMIT
                    + " not found; it sets the sandbox's rlimits. Install it with `apt-get install util-linux`.");
        }
        this.systemMounts = BubblewrapCommand.systemMounts();
        int runnerUid = currentUid();
        boolean root = runnerUid == 0;
        if (root) {
            // As root the sandbox's uid would map to host root: every sandbox runs as a uid of the range instead.
            options.hostUids().requireExcludes(runnerUid);
            this.setpriv = locateTool("setpriv", "util-linux");
            this.uidPool = new HostUidPool(options.hostUids(), UID_LOCK_DIR);
            this.hostUserAccess = new HostUserAccess(runnerUid, currentGid());
        } else {
            this.setpriv = null;
            this.uidPool = null;
            this.hostUserAccess = null;
        }
        prepareStateDir(options.stateDir());
        this.kernel = new BubblewrapCommand.KernelSurface(writeSeccompProgram(options.stateDir()),
                supportsDisableUserns(bwrap));
        probe();
        this.limits = new LimitEnforcer(limitOptions,
                options.cgroupRoot() == null ? Path.of("/sys/fs/cgroup") : options.cgroupRoot(), false);
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "poco-sandbox-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        log.info("Bubblewrap sandbox driver ready: {} (cgroup {}, {}, seccomp on{})", bwrap, limits.cgroupMode(),
                root ? "host uids " + options.hostUids() + " (" + HostUidRange.VARIABLE + ")" : "as the runner's uid",
                kernel.disableUserns() ? ", nested user namespaces disabled" : "");
    }

    @Override
    public String name() {
        return "bubblewrap";
    }

    /** The sandbox has no network namespace to speak of: the gateway's socket is bind-mounted in. */
    @Override
    public GatewayEndpointKind gatewayEndpointKind() {
        return GatewayEndpointKind.UNIX;
    }

    @Override
    public SandboxHandle start(SandboxSpec spec) {
        if (closed) {
            throw new SandboxStartException(spec.id(), "driver is closed");
        }
        if (!reservedIds.add(spec.id())) {
            throw new SandboxStartException(spec.id(), "a sandbox with this id is already running or not closed");
        }
        List<Runnable> cleanup = new ArrayList<>();
        @Nullable BubblewrapSandboxHandle handle = null;
        try {
            checkDirectories(spec);
            SandboxPaths paths = new SandboxPaths(spec.workspaceDir(), spec.homeDir());
            this.paths.put(spec.id(), paths);
            cleanup.add(() -> this.paths.remove(spec.id()));
            BubblewrapCommand.@Nullable DropPrivileges dropTo = handOver(spec, paths, cleanup);
            Path state = createStateFiles(spec, cleanup);
            @Nullable CgroupGroup group = createCgroup(spec, cleanup);
            // the limits' shell joins every cgroup first, then execs the launcher (seccomp fd, uid drop, bwrap)
            List<String> argv = LimitEnforcer.enter(group, BubblewrapCommand.build(bwrap, systemMounts, spec,
                    state.resolve("passwd"), state.resolve("group"), null, dropTo, kernel,
                    group != null && group.limitsProcesses()));
            ProcessBuilder builder = new ProcessBuilder(argv);
            // bwrap's init (pid 1 inside) keeps the launcher's environment, and the sandbox can read its
            // /proc/1/environ: the launcher must not inherit the runner's variables (API keys among them).
            builder.environment().clear();
            Process process = builder.start();
            handle = new BubblewrapSandboxHandle(spec.id(), process, options.timeoutGrace(),
                    () -> cleanup.reversed().forEach(Runnable::run), () -> forget(spec.id()), spec.limits(),
                    new LimitWatchdog(spec.limits(), group, paths::workspace, limitOptions.watchdogInterval()),
                    limitOptions.watchdogInterval());
            handles.put(spec.id(), handle);
            BubblewrapSandboxHandle started = handle;
            handle.wallClock(timeout -> timer.schedule(() -> started.onTimeout(options.timeoutGrace()),
                    timeout.toMillis(), TimeUnit.MILLISECONDS), spec.limits().wallClockTimeout());
            log.debug("Sandbox {} started (pid {}): {}", spec.id(), process.pid(), spec.command());
            return handle;
        } catch (IOException | RuntimeException e) {
            if (handle != null) {
                handle.close(); // the launcher exists: close() stops it, cleans up and forgets the id
            } else {
                cleanup.reversed().forEach(Runnable::run);
                reservedIds.remove(spec.id());
            }
            if (e instanceof SandboxException sandboxException) {
                throw sandboxException;
            }
            throw new SandboxStartException(spec.id(), "cannot start: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SandboxHandle> find(String sandboxId) {
        return Optional.ofNullable(handles.get(sandboxId));
    }

    @Override
    public void close() {
        closed = true;
        List.copyOf(handles.values()).parallelStream().forEach(BubblewrapSandboxHandle::close);
        timer.shutdownNow();
        try {
            Files.deleteIfExists(kernel.seccompProgram());
        } catch (IOException e) {
            log.debug("Cannot delete {}: {}", kernel.seccompProgram(), e.toString());
        }
    }

    @Override
    public void moved(Path from, Path to) {
        paths.values().forEach(p -> p.moved(from, to));
        if (uidPool != null) {
            uidPool.moved(from, to);
        }
    }

    private void forget(String sandboxId) {
        handles.remove(sandboxId);
        reservedIds.remove(sandboxId);
    }

    private void checkDirectories(SandboxSpec spec) throws IOException {
        for (Path dir : List.of(spec.workspaceDir(), spec.homeDir())) {
            if (!Files.isDirectory(dir)) {
                throw new SandboxStartException(spec.id(), "not a directory: " + dir);
            }
        }
        for (WritableBind bind : spec.writableBinds()) {
            if (!Files.isDirectory(bind.hostPath(), LinkOption.NOFOLLOW_LINKS)) {
                throw new SandboxStartException(spec.id(), "writable bind source is not a directory: "
                        + bind.hostPath());
            }
        }
        for (ReadOnlyBind bind : spec.readOnlyBinds()) {
            if (!Files.exists(bind.hostPath())) {
                throw new SandboxStartException(spec.id(), "read-only bind source does not exist: " + bind.hostPath());
            }
        }
    }

    /**
     * As root: leases the workspace's host uid (released when the sandbox has exited) and hands the workspace and
     * home to it, then says whom to drop to. {@code null} when the runner is not root.
     */
    private BubblewrapCommand.@Nullable DropPrivileges handOver(SandboxSpec spec, SandboxPaths paths,
            List<Runnable> cleanup) throws IOException {
        if (uidPool == null || hostUserAccess == null || setpriv == null) {
            return null;
        }
        HostUidPool.Lease lease = uidPool.acquire(spec.id(), spec.workspaceDir());
        // where the directories are when the last sandbox of the workspace ends, which a move may have changed
        cleanup.add(() -> lease.release(uid -> {
            hostUserAccess.revoke(paths.workspace());
            hostUserAccess.revoke(paths.home());
            for (Path extra : lease.extras()) {
                hostUserAccess.revoke(extra);
            }
        }));
        lease.handOverOnce(uid -> {
            hostUserAccess.handOver(spec.workspaceDir(), uid);
            hostUserAccess.handOver(spec.homeDir(), uid);
        });
        for (WritableBind bind : spec.writableBinds()) {
            lease.handOverExtra(bind.hostPath(), uid -> hostUserAccess.handOver(bind.hostPath(), uid));
        }
        return new BubblewrapCommand.DropPrivileges(setpriv, lease.uid(), lease.uid());
    }

    private static Path writeSeccompProgram(Path stateDir) {
        Path file = stateDir.resolve("seccomp-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".bpf");
        try {
            Files.write(file, SeccompFilter.program(SeccompFilter.Arch.host()));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot write the seccomp program to " + file + ": " + e, e);
        }
    }

    /** {@code --disable-userns} exists from bubblewrap 0.8; older versions keep only the seccomp refusal. */
    private static boolean supportsDisableUserns(Path bwrap) {
        String version = "unknown";
        try {
            Process process = new ProcessBuilder(bwrap.toString(), "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            version = new String(process.getInputStream().readNBytes(200), StandardCharsets.UTF_8).strip();
            process.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Matcher matcher = Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
            if (matcher.find()) {
                int major = Integer.parseInt(matcher.group(1));
                int minor = Integer.parseInt(matcher.group(2));
                if (major > 0 || minor >= 8) {
                    return true;
                }
            }
        } catch (IOException e) {
            version = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("{} ({}) has no --disable-userns (bubblewrap 0.8+): sandboxes cannot create user namespaces only"
                + " because the seccomp filter refuses unshare and clone with CLONE_NEWUSER. Upgrade bubblewrap for"
                + " both layers.", bwrap, version);
        return false;
    }

    private Path createStateFiles(SandboxSpec spec, List<Runnable> cleanup) throws IOException {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path dir = options.stateDir().resolve(spec.id() + "." + suffix);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        cleanup.add(() -> deleteTree(dir));
        writeReadable(dir.resolve("passwd"), BubblewrapCommand.passwd(spec.uid(), spec.gid()));
        writeReadable(dir.resolve("group"), BubblewrapCommand.group(spec.gid()));
        return dir;
    }

    private @Nullable CgroupGroup createCgroup(SandboxSpec spec, List<Runnable> cleanup) throws IOException {
        @Nullable CgroupGroup group = limits.create(spec.id(), spec.limits());
        if (group != null) {
            cleanup.add(group::remove);
        }
        return group;
    }

    /** What isolation sandboxes get on this host; {@code ./poco doctor} prints it. */
    public IsolationReport isolationReport() {
        String sandboxUser = uidPool != null
                ? "host uids " + options.hostUids() + " (" + HostUidRange.VARIABLE + "), one per workspace in use,"
                        + " taken with setpriv before bwrap"
                : "the runner's uid " + currentUid() + ", mapped to the spec's uid inside a user namespace";
        String seccomp = "on (" + SeccompFilter.class.getSimpleName()
                + (kernel.disableUserns() ? ", nested user namespaces disabled by bwrap" : "") + ")";
        return new IsolationReport(name(), bwrapVersion(), currentUid(), sandboxUser, seccomp,
                limits.cgroupMode(), limits.statuses());
    }

    private String bwrapVersion() {
        try {
            Process process = new ProcessBuilder(bwrap.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) ? out : "unknown";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void writeReadable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("Cannot delete sandbox state {}: {}", dir, e.toString());
        }
    }

    /** The state directory must be ours (never a directory another local user planted) and searchable by others. */
    private static void prepareStateDir(Path dir) {
        try {
            Files.createDirectories(dir);
            if (Files.isSymbolicLink(dir)
                    || (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) != currentUid()) {
                throw new SandboxUnavailableException("sandbox state directory " + dir
                        + " is not owned by the runner's user; remove it or configure another stateDir");
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot prepare sandbox state directory " + dir + ": " + e, e);
        }
    }

    /** Starts one trivial sandbox so that a host without working user namespaces fails at startup, not per run. */
    private void probe() {
        // Through the same launcher shell and with the same kernel restrictions as a real sandbox, so a seccomp
        // program the kernel rejects fails here.
        List<String> argv = BubblewrapCommand.launcher(null, kernel.seccompProgram());
        if (setpriv != null) {
            int uid = options.hostUids().first();
            argv.addAll(List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
        }
        argv.addAll(List.of(bwrap.toString(), "--unshare-all", "--unshare-user", "--die-with-parent"));
        if (kernel.disableUserns()) {
            argv.add("--disable-userns");
        }
        argv.addAll(systemMounts);
        argv.addAll(List.of("--seccomp", Integer.toString(BubblewrapCommand.SECCOMP_FD), "--", "/usr/bin/true"));
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
            builder.environment().clear();
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readNBytes(4096);
            if (!process.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new SandboxUnavailableException("bwrap did not finish a trivial sandbox within " + PROBE_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new SandboxUnavailableException("bwrap cannot create a sandbox here (exit " + process.exitValue()
                        + "): " + new String(output, StandardCharsets.UTF_8).strip() + ". Unprivileged user namespaces"
                        + " must be enabled (sysctl user.max_user_namespaces > 0,"
                        + " kernel.unprivileged_userns_clone=1)." + (setpriv == null ? "" : " As root, sandboxes run as"
                        + " host uids " + options.hostUids() + " (" + HostUidRange.VARIABLE + "); they must exist in"
                        + " this (container's) user namespace, see /proc/self/uid_map."));
            }
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot run " + bwrap + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while probing bwrap", e);
        }
    }

    private static Path locateBwrap(@Nullable Path configured) {
        if (configured != null) {
            if (!Files.isExecutable(configured)) {
                throw new SandboxUnavailableException("bwrap not found at configured path " + configured
                        + ". Install bubblewrap with `apt-get install bubblewrap` or fix the path.");
            }
            return configured;
        }
        return findOnPath("bwrap").orElseThrow(() -> new SandboxUnavailableException(
                "bubblewrap (bwrap) not found on PATH. Install it with `apt-get install bubblewrap`."));
    }

    private static Path locateTool(String name, String debianPackage) {
        return findOnPath(name).orElseThrow(() -> new SandboxUnavailableException(
                name + " not found on PATH. Install it with `apt-get install " + debianPackage + "`."));
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/bin", "/usr/local/bin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static int currentUid() {
        return selfAttribute("unix:uid");
    }

    private static int currentGid() {
        return selfAttribute("unix:gid");
    }

    private static int selfAttribute(String attribute) {
        try {
            // /proc/self belongs to the process's effective uid and gid.
            return (Integer) Files.getAttribute(Path.of("/proc/self"), attribute);
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot read /proc/self; bubblewrap needs Linux with /proc", e);
        }
    }
}
