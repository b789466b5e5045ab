package dev.poco.runner.gateway;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over one Unix socket connection, for tests: it writes exactly the bytes a test asks for
 * (chunked bodies, malformed requests) and keeps the connection between requests, which a real client hides.
 */
final class UdsHttpClient implements AutoCloseable {

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    UdsHttpClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new BufferedInputStream(Channels.newInputStream(channel));
        out = Channels.newOutputStream(channel);
    }

    record Response(int status, Map<String, String> headers, InputStream body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() throws IOException {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Sends a request with a Content-Length body (or none). */
    Response send(String method, String target, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        boolean bodyless = method.equals("HEAD") || method.equals("GET");
        if (!bodyless) {
            head.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!bodyless) {
            out.write(bytes); // a GET's body without a length would be the next request's garbage
        }
        out.flush();
        return readResponse(method.equals("HEAD"));
    }

    /** Sends a request whose body goes as the given chunks. */
    Response sendChunked(String target, Map<String, String> headers, String... chunks) throws IOException {
        StringBuilder request = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: localhost\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("Transfer-Encoding: chunked\r\n\r\n");
        for (String chunk : chunks) {
            byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
            request.append(Integer.toHexString(bytes.length)).append("\r\n").append(chunk).append("\r\n");
        }
        request.append("0\r\n\r\n");
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readResponse(false);
    }

    private Response readResponse(boolean head) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty();
                line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        InputStream body;
        if (head) {
            body = InputStream.nullInputStream();
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = new ChunkedBody(in);
        } else {
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(in.readNBytes(length));
            body = new java.io.ByteArrayInputStream(bytes.toByteArray());
        }
        return new Response(status, headers, body);
    }

    /** Sends raw bytes and reads one response. */
    Response sendRaw(String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readResponse(false);
    }

    /** Decodes a chunked body as it arrives (a streamed answer must be readable before it ends). */
    private static final class ChunkedBody extends InputStream {
        private final InputStream in;
        private int remaining;
        private boolean done;
        private boolean afterChunk;

        ChunkedBody(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (!done && remaining == 0) {
                if (afterChunk) {
                    readLine(in); // the CRLF ending the previous chunk; Jetty sends it with the next chunk's size
                }
                afterChunk = true;
                String size = readLine(in);
                int extension = size.indexOf(';');
                remaining = Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).strip(), 16);
                if (remaining == 0) {
                    done = true;
                    while (!readLine(in).isEmpty()) {
                        // trailer fields
                    }
                }
            }
            if (done) {
                return -1;
            }
            int read = in.read(buffer, offset, Math.min(length, remaining));
            if (read < 0) {
                throw new IOException("chunked body ended early");
            }
            remaining -= read;
            return read;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-line");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
