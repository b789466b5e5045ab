package dev.poco.runner.sandbox;

/**
 * The resource limits of a sandbox, each with the runner setting that controls it. Used to say which limit stopped a
 * sandbox and, at startup, which limit this host cannot enforce.
 */
public enum Limit {
    PROCESSES("process limit", "POCO_RUNNER_MAX_PROCESSES"),
    MEMORY("memory limit", "POCO_RUNNER_MEMORY_MB"),
    DISK("workspace disk limit", "POCO_RUNNER_DISK_LIMIT_MB"),
    WALL_CLOCK("wall-clock limit", "POCO_RUNNER_RUN_TIMEOUT_MINUTES"),
    FILE_SIZE("file size limit", "POCO_RUNNER_MAX_FILE_SIZE_MB"),
    OPEN_FILES("open files limit", "POCO_RUNNER_MAX_OPEN_FILES");

    private final String label;
    private final String setting;

    Limit(String label, String setting) {
        this.label = label;
        this.setting = setting;
    }

    /** Human name, e.g. "memory limit". */
    public String label() {
        return label;
    }

    /** The environment variable that sets it. */
    public String setting() {
        return setting;
    }
}
