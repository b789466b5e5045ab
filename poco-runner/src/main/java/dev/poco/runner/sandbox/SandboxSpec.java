package dev.poco.runner.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What to run in a sandbox and what it may see. Build with {@link #builder(String)}.
 *
 * <p>Inside, only {@code /workspace} (the host {@code workspaceDir}) and {@code /home/agent} (the host {@code
 * homeDir}, also {@code HOME}) are writable, besides a private {@code /tmp}. The environment is exactly {@code
 * environment} plus {@code PATH}, {@code HOME}, {@code TERM} and {@code LANG} (and {@code PWD}, which the driver may
 * set to the working directory); nothing of the runner's own environment is passed on.
 *
 * @param id unique among the driver's live sandboxes; letters, digits, {@code . _ -}, at most 100 characters
 * @param workspaceDir host directory mounted read-write at {@link #WORKSPACE}
 * @param homeDir host directory mounted read-write at {@link #HOME}
 * @param readOnlyBinds extra read-only mounts, in order, after the writable ones
 * @param writableBinds extra read-write directories (a local folder's worktree), in order
 * @param command argv of the program to run; the first element is resolved against the sandbox's {@code PATH}
 * @param workingDir directory inside the sandbox the command starts in
 * @param environment variables for the command; may override {@code PATH}, {@code TERM} and {@code LANG} but not
 *     {@code HOME}
 * @param limits resource limits
 * @param uid user id of the command inside the sandbox (default 1000, never root unless asked for)
 * @param gid group id of the command inside the sandbox (default 1000)
 */
public record SandboxSpec(
        String id,
        Path workspaceDir,
        Path homeDir,
        List<ReadOnlyBind> readOnlyBinds,
        List<String> command,
        String workingDir,
        Map<String, String> environment,
        SandboxLimits limits,
        int uid,
        int gid,
        List<WritableBind> writableBinds) {

    /** Mount point of the workspace inside the sandbox. */
    public static final String WORKSPACE = "/workspace";
    /** Mount point of the agent home inside the sandbox; also {@code HOME}. */
    public static final String HOME = "/home/agent";
    /** Default uid and gid of the agent inside the sandbox. */
    public static final int DEFAULT_UID = 1000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> RESERVED_MOUNTS =
            Set.of("/", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/etc", "/proc", "/dev", "/tmp", "/home", WORKSPACE, HOME);

    public SandboxSpec {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("sandbox id must match " + ID + ": " + id);
        }
        workspaceDir = requireAbsolute("workspaceDir", workspaceDir);
        homeDir = requireAbsolute("homeDir", homeDir);
        readOnlyBinds = List.copyOf(readOnlyBinds);
        writableBinds = writableBinds == null ? List.of() : List.copyOf(writableBinds);
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        Objects.requireNonNull(workingDir, "workingDir");
        if (!workingDir.startsWith("/")) {
            throw new IllegalArgumentException("workingDir must be absolute: " + workingDir);
        }
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        environment.forEach(SandboxSpec::requireEnvEntry);
        Objects.requireNonNull(limits, "limits");
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid and gid must not be negative: " + uid + ":" + gid);
        }
    }

    /** A spec without writable binds besides the workspace and home. */
    public SandboxSpec(String id, Path workspaceDir, Path homeDir, List<ReadOnlyBind> readOnlyBinds,
            List<String> command, String workingDir, Map<String, String> environment, SandboxLimits limits, int uid,
            int gid) {
        this(id, workspaceDir, homeDir, readOnlyBinds, command, workingDir, environment, limits, uid, gid, List.of());
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    static void requireSandboxPath(String path) {
        if (!path.startsWith("/") || !Path.of(path).normalize().toString().equals(path)) {
            throw new IllegalArgumentException("sandbox path must be absolute and normalized: " + path);
        }
        if (RESERVED_MOUNTS.contains(path)) {
            throw new IllegalArgumentException("sandbox path is managed by the driver: " + path);
        }
    }

    private static Path requireAbsolute(String name, @Nullable Path path) {
        Objects.requireNonNull(path, name);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(name + " must be absolute: " + path);
        }
        return path.normalize();
    }

    private static void requireEnvEntry(String name, String value) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad environment variable name: " + name);
        }
        if (name.equals("HOME")) {
            throw new IllegalArgumentException("HOME is fixed to " + HOME);
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("environment value of " + name + " contains NUL");
        }
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private final String id;
        private @Nullable Path workspaceDir;
        private @Nullable Path homeDir;
        private final List<ReadOnlyBind> readOnlyBinds = new ArrayList<>();
        private final List<WritableBind> writableBinds = new ArrayList<>();
        private final List<String> command = new ArrayList<>();
        private String workingDir = WORKSPACE;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private SandboxLimits limits = SandboxLimits.DEFAULTS;
        private int uid = DEFAULT_UID;
        private int gid = DEFAULT_UID;

        private Builder(String id) {
            this.id = id;
        }

        public Builder workspace(Path hostDir) {
            this.workspaceDir = hostDir;
            return this;
        }

        public Builder home(Path hostDir) {
            this.homeDir = hostDir;
            return this;
        }

        public Builder readOnlyBind(Path hostPath, String sandboxPath) {
            readOnlyBinds.add(new ReadOnlyBind(hostPath, sandboxPath));
            return this;
        }

        public Builder writableBind(Path hostDir, String sandboxPath) {
            writableBinds.add(new WritableBind(hostDir, sandboxPath));
            return this;
        }

        public Builder command(String... argv) {
            return command(List.of(argv));
        }

        public Builder command(List<String> argv) {
            command.clear();
            command.addAll(argv);
            return this;
        }

        public Builder workingDir(String sandboxDir) {
            this.workingDir = sandboxDir;
            return this;
        }

        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        public Builder limits(SandboxLimits value) {
            this.limits = value;
            return this;
        }

        public Builder user(int sandboxUid, int sandboxGid) {
            this.uid = sandboxUid;
            this.gid = sandboxGid;
            return this;
        }

        public SandboxSpec build() {
            return new SandboxSpec(id, Objects.requireNonNull(workspaceDir, "workspace"),
                    Objects.requireNonNull(homeDir, "home"), readOnlyBinds, command, workingDir, environment, limits,
                    uid, gid, writableBinds);
        }
    }
}
