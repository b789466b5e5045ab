package dev.poco.runner.claude.realcli;

import dev.poco.runner.claude.error.CliException;
import dev.poco.runner.claude.transport.CliTransport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Wraps a transport and writes every stdout object, one per line, to a transcript file. */
final class RecordingTransport implements CliTransport {

    private final CliTransport delegate;
    private final BufferedWriter out;

    RecordingTransport(CliTransport delegate, Path transcript) {
        this.delegate = delegate;
        try {
            Files.createDirectories(transcript.getParent());
            this.out = Files.newBufferedWriter(transcript, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void start(Listener listener) {
        delegate.start(new Listener() {
            @Override
            public void onMessage(ObjectNode message) {
                try {
                    out.write(message.toString());
                    out.write('\n');
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                listener.onMessage(message);
            }

            @Override
            public void onClosed(@Nullable CliException error) {
                listener.onClosed(error);
            }
        });
    }

    @Override
    public void write(JsonNode message) {
        delegate.write(message);
    }

    @Override
    public void endInput() {
        delegate.endInput();
    }

    @Override
    public boolean isAlive() {
        return delegate.isAlive();
    }

    @Override
    public OptionalInt awaitExit(Duration timeout) {
        return delegate.awaitExit(timeout);
    }

    @Override
    public String stderrTail() {
        return delegate.stderrTail();
    }

    @Override
    public void close() {
        delegate.close();
        try {
            out.close();
        } catch (IOException ignored) {
            // best effort for a test recording
        }
    }
}
