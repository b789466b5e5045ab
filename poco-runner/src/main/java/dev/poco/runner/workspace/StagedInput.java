package dev.poco.runner.workspace;

/**
 * One entry of a run's {@code input_files} after staging.
 *
 * @param name the file name in {@code inputs/} (sanitised, de-duplicated); for an input that was not staged, the
 *     name as given
 * @param path where the agent finds it, {@code /workspace/inputs/<name>}; for an input that was not staged (a URL),
 *     the URL as given, so the caller can tell the agent
 * @param size bytes written, or {@code -1} if the input was not staged
 */
public record StagedInput(String name, String path, long size) {

    /** Whether the file is in the workspace. */
    public boolean staged() {
        return size >= 0;
    }
}
