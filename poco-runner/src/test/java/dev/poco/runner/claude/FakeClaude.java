package dev.poco.runner.claude;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Test fixture around {@code src/test/resources/fake-claude/fake-claude}, a python3 stand-in for the CLI that replays
 * a transcript (see the script's docstring for its directives), and around the recorded transcripts in
 * {@code src/test/resources/transcripts/}.
 */
public final class FakeClaude {

    private FakeClaude() {}

    /** Copies the script into {@code dir} and makes it executable (resource copying drops the mode bits). */
    public static Path install(Path dir) {
        try (InputStream in = Objects.requireNonNull(FakeClaude.class.getResourceAsStream("/fake-claude/fake-claude"),
                "fake-claude resource missing")) {
            Path script = dir.resolve("fake-claude");
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            if (!script.toFile().setExecutable(true)) {
                throw new IOException("cannot chmod +x " + script);
            }
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A recorded transcript (file name without {@code .jsonl}). */
    public static Path transcript(String name) {
        URL url = Objects.requireNonNull(FakeClaude.class.getResource("/transcripts/" + name + ".jsonl"),
                "no transcript " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The lines of a recorded transcript. */
    public static List<String> lines(String name) {
        try {
            return Files.readAllLines(transcript(name), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code lines} as a transcript file in {@code dir}. */
    public static Path writeTranscript(Path dir, String name, List<String> lines) {
        try {
            return Files.write(dir.resolve(name + ".jsonl"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the fake with {@code argv} (the first element is replaced by the script) and extra environment. */
    public static Process start(Path script, Path transcript, List<String> argv, Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>(argv);
        if (command.isEmpty()) {
            command.add(script.toString());
        } else {
            command.set(0, script.toString());
        }
        var builder = new ProcessBuilder(command);
        builder.environment().put("FAKE_CLAUDE_TRANSCRIPT", transcript.toString());
        builder.environment().putAll(env);
        return builder.start();
    }
}
