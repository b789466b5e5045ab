package dev.poco.runner.claude.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a process's stderr to EOF on its own thread so the CLI never blocks on a full pipe. Keeps the last
 * {@code tailChars} characters for error reports and hands complete lines (split above 8 KiB) to an optional
 * consumer, for the run log.
 */
final class StderrDrainer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(StderrDrainer.class);
    private static final int MAX_CONSUMER_LINE = 8192;

    private final InputStream stream;
    private final int tailChars;
    private final @Nullable Consumer<String> lineConsumer;
    private final StringBuilder tail = new StringBuilder();
    private final StringBuilder line = new StringBuilder();

    StderrDrainer(InputStream stream, int tailChars, @Nullable Consumer<String> lineConsumer) {
        this.stream = stream;
        this.tailChars = tailChars;
        this.lineConsumer = lineConsumer;
    }

    @Override
    public void run() {
        char[] buf = new char[8192];
        try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            int n;
            while ((n = reader.read(buf)) != -1) {
                appendTail(buf, n);
                splitLines(buf, n);
            }
        } catch (IOException e) {
            log.debug("Claude Code stderr reader stopped: {}", e.toString());
        }
        if (!line.isEmpty()) {
            emit();
        }
    }

    /** The last characters written to stderr so far. */
    String tail() {
        synchronized (tail) {
            return tail.toString();
        }
    }

    private void appendTail(char[] buf, int n) {
        synchronized (tail) {
            tail.append(buf, 0, n);
            if (tail.length() > tailChars) {
                tail.delete(0, tail.length() - tailChars);
            }
        }
    }

    private void splitLines(char[] buf, int n) {
        if (lineConsumer == null) {
            return;
        }
        for (int i = 0; i < n; i++) {
            char c = buf[i];
            if (c == '\n') {
                emit();
            } else if (c != '\r') {
                line.append(c);
                if (line.length() >= MAX_CONSUMER_LINE) {
                    emit();
                }
            }
        }
    }

    private void emit() {
        String text = line.toString();
        line.setLength(0);
        if (lineConsumer == null) {
            return;
        }
        try {
            lineConsumer.accept(text);
        } catch (RuntimeException e) {
            log.warn("stderr line consumer failed", e);
        }
    }
}
