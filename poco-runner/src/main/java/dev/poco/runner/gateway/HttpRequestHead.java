package dev.poco.runner.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Request line and headers of one HTTP/1.x request, as read from the socket. */
record HttpRequestHead(String method, String target, String version, List<Header> headers) {

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    record Header(String name, String value) {
    }

    /** Malformed request; the connection answers 400 and closes. */
    static final class BadRequestException extends IOException {
        BadRequestException(String message) {
            super(message);
        }
    }

    /** Reads the next request head, or returns {@code null} on a clean end of stream between requests. */
    static @Nullable HttpRequestHead read(InputStream in) throws IOException {
        String requestLine = readLine(in, true);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(in, true); // tolerate stray CRLF between requests (RFC 9112 §2.2)
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequestException("bad request line");
        }
        List<Header> headers = new ArrayList<>();
        for (String line = readLine(in, false); !line.isEmpty(); line = readLine(in, false)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || headers.size() >= MAX_HEADERS || Character.isWhitespace(line.charAt(colon - 1))) {
                throw new BadRequestException("bad header line");
            }
            headers.add(new Header(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        return new HttpRequestHead(parts[0], parts[1], parts[2], List.copyOf(headers));
    }

    Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    boolean keepAlive() {
        String connection = header("connection").orElse("").toLowerCase(Locale.ROOT);
        return version.equals("HTTP/1.0") ? connection.contains("keep-alive") : !connection.contains("close");
    }

    boolean chunked() {
        return header("transfer-encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false);
    }

    /** Declared body length; -1 if none. */
    long contentLength() throws BadRequestException {
        Optional<String> value = header("content-length");
        if (value.isEmpty()) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.get());
            if (length < 0) {
                throw new BadRequestException("negative content-length");
            }
            return length;
        } catch (NumberFormatException e) {
            throw new BadRequestException("bad content-length");
        }
    }

    /** One CRLF- (or LF-) terminated line in ISO-8859-1; {@code null} at end of stream if {@code eofAllowed}. */
    static @Nullable String readLine(InputStream in, boolean eofAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && line.size() == 0) {
                    return null;
                }
                throw new BadRequestException("unexpected end of stream");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new BadRequestException("line too long");
            }
            line.write(b);
        }
    }
}
