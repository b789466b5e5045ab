package dev.poco.runner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code none} driver, for development on machines without bubblewrap: the command runs directly on the host, as
 * the runner's user, with the host's network and file system. It gets only a fresh environment (the spec's variables
 * plus {@code PATH}, {@code HOME}, {@code TERM}, {@code LANG}; nothing of the runner's own) and the wall-clock limit;
 * no other limit and no isolation. Sandbox paths in the command, working directory and environment ({@code
 * /workspace}, {@code /home/agent}, read-only bind targets) are rewritten to their host paths, since nothing is
 * mounted.
 *
 * <p>The runner's configuration refuses it unless unsandboxed runs are explicitly allowed.
 */
public final class UnsandboxedDriver implements SandboxDriver {

    private static final Logger log = LoggerFactory.getLogger(UnsandboxedDriver.class);
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Duration timeoutGrace;
    private final Map<String, UnsandboxedHandle> handles = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private volatile boolean closed;

    public UnsandboxedDriver() {
        this(Duration.ofSeconds(5));
    }

    /** @param timeoutGrace time between SIGTERM and SIGKILL when the wall-clock limit is reached */
    public UnsandboxedDriver(Duration timeoutGrace) {
        this.timeoutGrace = timeoutGrace;
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "poco-unsandboxed-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        log.warn("SANDBOX DRIVER 'none': agent commands run directly on this host as the runner's user, with its"
                + " network and files and no limits but the wall clock. For development only.");
    }

    @Override
    public String name() {
        return "none";
    }

    /** The command shares the host's network: the gateway listens on loopback TCP. */
    @Override
    public GatewayEndpointKind gatewayEndpointKind() {
        return GatewayEndpointKind.TCP;
    }

    @Override
    public SandboxHandle start(SandboxSpec spec) {
        if (closed) {
            throw new SandboxStartException(spec.id(), "driver is closed");
        }
        for (Path dir : List.of(spec.workspaceDir(), spec.homeDir())) {
            if (!Files.isDirectory(dir)) {
                throw new SandboxStartException(spec.id(), "not a directory: " + dir);
            }
        }
        Map<String, Path> mounts = mounts(spec);
        List<String> argv = spec.command().stream().map(arg -> toHost(arg, mounts)).toList();
        ProcessBuilder builder = new ProcessBuilder(argv).directory(Path.of(toHost(spec.workingDir(), mounts)).toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", PATH);
        env.put("TERM", "dumb");
        env.put("LANG", "C.UTF-8");
        spec.environment().forEach((name, value) -> env.put(name, toHost(value, mounts)));
        env.put("HOME", spec.homeDir().toString());
        synchronized (handles) {
            if (handles.containsKey(spec.id())) {
                throw new SandboxStartException(spec.id(), "a sandbox with this id is already running or not closed");
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new SandboxStartException(spec.id(), "cannot start: " + e.getMessage(), e);
            }
            UnsandboxedHandle handle = new UnsandboxedHandle(spec.id(), process, timeoutGrace,
                    () -> handles.remove(spec.id()));
            handles.put(spec.id(), handle);
            handle.wallClock(timeout -> timer.schedule(() -> handle.onTimeout(timeoutGrace), timeout.toMillis(),
                    TimeUnit.MILLISECONDS), spec.limits().wallClockTimeout());
            log.debug("Unsandboxed command {} started (pid {}): {}", spec.id(), process.pid(), argv);
            return handle;
        }
    }

    /** Sandbox path → host path, longest first so that nested targets win. */
    private static Map<String, Path> mounts(SandboxSpec spec) {
        List<Map.Entry<String, Path>> entries = new ArrayList<>();
        entries.add(Map.entry(SandboxSpec.WORKSPACE, spec.workspaceDir()));
        entries.add(Map.entry(SandboxSpec.HOME, spec.homeDir()));
        spec.readOnlyBinds().forEach(bind -> entries.add(Map.entry(bind.sandboxPath(), bind.hostPath())));
        spec.writableBinds().forEach(bind -> entries.add(Map.entry(bind.sandboxPath(), bind.hostPath())));
        entries.sort((a, b) -> b.getKey().length() - a.getKey().length());
        Map<String, Path> ordered = new LinkedHashMap<>();
        entries.forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
        return ordered;
    }

    /** {@code value} with a leading sandbox path replaced by its host path; other values unchanged. */
    static String toHost(String value, Map<String, Path> mounts) {
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            String target = mount.getKey();
            if (value.equals(target)) {
                return mount.getValue().toString();
            }
            if (value.startsWith(target + "/")) {
                return mount.getValue() + value.substring(target.length());
            }
        }
        return value;
    }

    @Override
    public Optional<SandboxHandle> find(String sandboxId) {
        return Optional.ofNullable(handles.get(sandboxId));
    }

    @Override
    public void close() {
        closed = true;
        List.copyOf(handles.values()).parallelStream().forEach(UnsandboxedHandle::close);
        timer.shutdownNow();
    }
}
