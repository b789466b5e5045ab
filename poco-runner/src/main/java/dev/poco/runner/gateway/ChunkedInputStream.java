package dev.poco.runner.gateway;

import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked request body; trailers are read and dropped. */
final class ChunkedInputStream extends InputStream {

    private final InputStream in;
    private long remaining;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (done) {
            return -1;
        }
        if (remaining == 0) {
            nextChunk();
            if (done) {
                return -1;
            }
        }
        int read = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (read < 0) {
            throw new HttpRequestHead.BadRequestException("chunked body ended early");
        }
        remaining -= read;
        if (remaining == 0) {
            expectEmptyLine();
        }
        return read;
    }

    private void nextChunk() throws IOException {
        String line = HttpRequestHead.readLine(in, false);
        int extension = line.indexOf(';');
        String size = (extension < 0 ? line : line.substring(0, extension)).strip();
        try {
            remaining = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw new HttpRequestHead.BadRequestException("bad chunk size");
        }
        if (remaining < 0) {
            throw new HttpRequestHead.BadRequestException("bad chunk size");
        }
        if (remaining == 0) {
            while (!HttpRequestHead.readLine(in, false).isEmpty()) {
                // trailer fields are not forwarded
            }
            done = true;
        }
    }

    private void expectEmptyLine() throws IOException {
        if (!HttpRequestHead.readLine(in, false).isEmpty()) {
            throw new HttpRequestHead.BadRequestException("chunk not followed by CRLF");
        }
    }
}
