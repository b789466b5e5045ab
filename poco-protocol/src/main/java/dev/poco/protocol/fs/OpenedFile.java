package dev.poco.protocol.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;

/**
 * A workspace file opened without following links: its name, the open channel and the size of what was opened
 * (from the descriptor, not from a second look at the path). The reader closes it.
 */
public record OpenedFile(String name, SeekableByteChannel channel, long size) implements Closeable {

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
