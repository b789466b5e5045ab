package dev.poco.runner.gateway;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one client connection: HTTP/1.1 requests one after another (keep-alive), each forwarded upstream or
 * refused. Runs on its own virtual thread; ends when the client closes, on a framing error, or when the gateway
 * closes the channel.
 */
final class GatewayConnection implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(GatewayConnection.class);
    private static final int MAX_REQUEST_BODY = 64 << 20;
    private static final String MESSAGES = "/v1/messages";
    private static final Map<Integer, String> REASONS = Map.of(200, "OK", 400, "Bad Request", 403, "Forbidden",
            404, "Not Found", 413, "Payload Too Large", 429, "Too Many Requests", 500, "Internal Server Error",
            502, "Bad Gateway", 504, "Gateway Timeout", 529, "Overloaded");

    private final SocketChannel channel;
    private final GatewayConfig config;
    private final Upstream upstream;
    private final Consumer<TokenUsage> usageSink;
    private final InputStream in;
    private final OutputStream out;

    GatewayConnection(SocketChannel channel, GatewayConfig config, Upstream upstream, Consumer<TokenUsage> usageSink) {
        this.channel = channel;
        this.config = config;
        this.upstream = upstream;
        this.usageSink = usageSink;
        this.in = new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 16 * 1024);
    }

    @Override
    public void run() {
        try {
            boolean open = true;
            while (open) {
                HttpRequestHead head = HttpRequestHead.read(in);
                if (head == null) {
                    break;
                }
                open = serve(head) && head.keepAlive();
                out.flush();
            }
        } catch (HttpRequestHead.BadRequestException e) {
            log.debug("Bad request on gateway socket: {}", e.getMessage());
            writeErrorQuietly(400, "invalid_request_error", "Malformed HTTP request: " + e.getMessage());
        } catch (IOException e) {
            log.debug("Gateway connection ended: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                log.trace("closing gateway connection failed", e);
            }
        }
    }

    /** Answers one request; returns whether the connection is still usable for the next one. */
    private boolean serve(HttpRequestHead head) throws IOException, InterruptedException {
        if (head.header("expect").map(v -> v.equalsIgnoreCase("100-continue")).orElse(false)) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body = readBody(head);
        if (body == null) {
            writeError(413, "request_too_large", "Request body exceeds " + MAX_REQUEST_BODY + " bytes", false);
            return false;
        }
        if (!allowed(head)) {
            log.debug("Refused {} {}", head.method(), head.path());
            writeError(403, "permission_error", "The Poco model gateway does not forward " + head.method() + " "
                    + head.path() + "; only the Messages API is available from the sandbox.", true);
            return true;
        }
        return forward(head, body);
    }

    private boolean allowed(HttpRequestHead head) {
        if (!head.target().startsWith("/")) {
            return false;
        }
        return switch (head.method()) {
            case "HEAD" -> head.path().equals("/");
            case "POST" -> config.allowedPaths().contains(head.path());
            default -> false;
        };
    }

    private boolean forward(HttpRequestHead head, byte[] body) throws IOException, InterruptedException {
        long started = System.nanoTime();
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            response = upstream.send(head, body);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return unreachable(e);
        } catch (HttpTimeoutException e) {
            writeError(504, "api_error", "The model endpoint did not answer within " + config.readTimeout()
                    + " (Poco model gateway).", true);
            return true;
        } catch (IllegalArgumentException e) {
            writeError(400, "invalid_request_error", "Request cannot be forwarded: " + e.getMessage(), true);
            return true;
        } catch (IOException e) {
            return unreachable(e);
        }
        boolean metered = head.method().equals("POST") && head.path().equals(MESSAGES);
        @Nullable UsageMeter meter = metered && response.statusCode() / 100 == 2
                ? UsageMeter.forContentType(response.headers().firstValue("content-type").orElse(""))
                : null;
        // Usage is recorded before the client can see the end of the body, so whoever waits for the CLI to finish
        // and then reads the gateway's usage sees every request counted.
        AtomicBoolean accounted = new AtomicBoolean(!metered);
        Runnable account = () -> {
            if (accounted.compareAndSet(false, true)) {
                usageSink.accept(meter == null ? new TokenUsage(0, 0, 0, 0, 1) : meter.finish());
            }
        };
        boolean complete = false;
        try {
            complete = relay(head, response, meter, account);
        } finally {
            account.run();
            log.debug("{} {} -> {} in {} ms{}", head.method(), head.path(), response.statusCode(),
                    (System.nanoTime() - started) / 1_000_000, complete ? "" : " (body cut)");
        }
        return complete;
    }

    private boolean unreachable(IOException e) throws IOException {
        log.warn("Model endpoint {} unreachable: {}", config.upstreamBaseUrl().getHost(), e.toString());
        writeError(502, "api_error", "The model endpoint is unreachable from the Poco model gateway ("
                + e.getClass().getSimpleName() + "). Check ANTHROPIC_BASE_URL and the runner's network.", true);
        return true;
    }

    /** Streams status, headers and body to the client, flushing after every piece the upstream delivered. */
    private boolean relay(HttpRequestHead head, HttpResponse<Flow.Publisher<List<ByteBuffer>>> response,
            @Nullable UsageMeter meter, Runnable account) throws IOException, InterruptedException {
        BodyQueue queue = new BodyQueue();
        response.body().subscribe(queue);
        int status = response.statusCode();
        boolean bodyless = head.method().equals("HEAD") || status == 204 || status == 304;
        OptionalLong length = response.headers().firstValueAsLong("content-length");
        StringBuilder headers = new StringBuilder(statusLine(status));
        response.headers().map().forEach((name, values) -> {
            if (!Upstream.isResponseHopByHop(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> headers.append(name).append(": ").append(value).append("\r\n"));
            }
        });
        boolean chunked = !bodyless && length.isEmpty();
        if (chunked) {
            headers.append("Transfer-Encoding: chunked\r\n");
        } else if (length.isPresent()) {
            headers.append("Content-Length: ").append(length.getAsLong()).append("\r\n");
        }
        out.write(headers.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (bodyless) {
            queue.cancel();
            account.run();
            return true;
        }
        @Nullable ChunkedOutputStream chunks = chunked ? new ChunkedOutputStream(out) : null;
        OutputStream body = chunks != null ? chunks : out;
        long written = 0;
        try {
            for (List<ByteBuffer> piece = queue.next(config.readTimeout()); piece != null;
                    piece = queue.next(config.readTimeout())) {
                for (ByteBuffer buffer : piece) {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    if (meter != null) {
                        meter.accept(bytes, 0, bytes.length);
                    }
                    written += bytes.length;
                    if (length.isPresent() && written >= length.getAsLong()) {
                        account.run(); // these are the body's last bytes
                    }
                    body.write(bytes, 0, bytes.length);
                }
                body.flush();
            }
        } catch (IOException e) {
            queue.cancel();
            // Headers are out, so no error status is possible: cut the connection and let the client retry.
            log.debug("Response body relay stopped: {}", e.toString());
            return false;
        }
        account.run();
        if (chunks != null) {
            chunks.finish();
        }
        return length.isEmpty() || written == length.getAsLong();
    }

    /** The whole request body, or {@code null} if it is larger than the gateway accepts. */
    private byte @Nullable [] readBody(HttpRequestHead head) throws IOException {
        InputStream body;
        if (head.chunked()) {
            body = new ChunkedInputStream(in);
        } else {
            long length = head.contentLength();
            if (length > MAX_REQUEST_BODY) {
                return null;
            }
            byte[] bytes = in.readNBytes((int) Math.max(length, 0));
            if (bytes.length < length) {
                throw new HttpRequestHead.BadRequestException("request body ended early");
            }
            return bytes;
        }
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
            if (collected.size() + read > MAX_REQUEST_BODY) {
                return null;
            }
            collected.write(buffer, 0, read);
        }
        return collected.toByteArray();
    }

    private void writeError(int status, String type, String message, boolean keepAlive) throws IOException {
        byte[] json = AnthropicErrors.body(type, message);
        String head = statusLine(status) + "Content-Type: application/json\r\nContent-Length: " + json.length + "\r\n"
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(json);
        out.flush();
    }

    private void writeErrorQuietly(int status, String type, String message) {
        try {
            writeError(status, type, message, false);
        } catch (IOException e) {
            log.trace("Could not send error response", e);
        }
    }

    private static String statusLine(int status) {
        return "HTTP/1.1 " + status + " " + REASONS.getOrDefault(status, "Status") + "\r\n";
    }
}
