package dev.poco.runner.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request from the sandbox: forwards the Messages API upstream with the real credential and streams the
 * answer back as it arrives, metering tokens; refuses everything else with an Anthropic-shaped error. Blocking; Jetty
 * runs each request on its own virtual thread.
 */
final class GatewayHandler extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(GatewayHandler.class);
    static final int MAX_REQUEST_BODY = 64 << 20;
    private static final String MESSAGES = "/v1/messages";
    private static final String COUNT_TOKENS = "/v1/messages/count_tokens";
    /** Roughly what a token is in English text and JSON; the estimate only has to be plausible (see below). */
    private static final int BYTES_PER_TOKEN = 4;

    private final GatewayConfig config;
    private final Upstream upstream;
    private final Runnable onForward;
    private final byte @Nullable [] sandboxKey;
    private final BiConsumer<String, TokenUsage> usageSink;
    private final BooleanSupplier countTokensLocally;

    /**
     * @param sandboxKey when set, a request must carry it as {@code x-api-key} or bearer token (a TCP endpoint, which
     *     other local processes can reach too); a Unix socket is reachable only from the run's sandbox
     * @param usageSink receives the model and usage of every metered answer, before its last byte reaches the client
     * @param onForward runs for every POST (a model request) about to be forwarded upstream
     * @param countTokensLocally whether token counts are answered here instead of upstream (see {@link
     *     ModelGateway#countTokensLocally(boolean)})
     */
    GatewayHandler(GatewayConfig config, Upstream upstream, @Nullable String sandboxKey,
            BiConsumer<String, TokenUsage> usageSink, Runnable onForward, BooleanSupplier countTokensLocally) {
        super(InvocationType.BLOCKING);
        this.countTokensLocally = countTokensLocally;
        this.onForward = onForward;
        this.config = config;
        this.upstream = upstream;
        this.sandboxKey = sandboxKey == null ? null : sandboxKey.getBytes(StandardCharsets.UTF_8);
        this.usageSink = usageSink;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            serve(request, response);
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            // Headers may be out already: failing the callback aborts the connection, so the client sees a cut body.
            log.debug("Gateway request {} {} ended: {}", request.getMethod(), request.getHttpURI().getPath(),
                    e.toString());
            callback.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        }
        return true;
    }

    private void serve(Request request, Response response) throws IOException, InterruptedException {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        byte @Nullable [] body = readBody(request);
        if (body == null) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            error(response, 413, "request_too_large", "Request body exceeds " + MAX_REQUEST_BODY + " bytes");
            return;
        }
        if (!allowed(method, path)) {
            log.debug("Refused {} {}", method, path);
            error(response, 403, "permission_error", "The Poco model gateway does not forward " + method + " " + path
                    + "; only the Messages API is available from the sandbox.");
            return;
        }
        if (!carriesSandboxKey(request.getHeaders())) {
            log.warn("Refused {} {} without the run's sandbox key", method, path);
            error(response, 401, "authentication_error", "The Poco model gateway refused the request: it does not"
                    + " carry this run's sandbox key (ANTHROPIC_API_KEY as given to the sandbox).");
            return;
        }
        if (method.equals("POST") && path.equals(COUNT_TOKENS) && countTokensLocally.getAsBoolean()) {
            estimateTokens(body, response);
            return;
        }
        if (method.equals("POST")) {
            onForward.run(); // a model request; the CLI's HEAD / is a connection warm-up early in its start
        }
        forward(method, path, request, body, response);
    }

    /**
     * Answers a token count without the upstream, in the Messages API's shape: an estimate from the body's size. Only
     * while a pooled CLI warms up ({@link ModelGateway#countTokensLocally(boolean)}), whose counts nobody sees.
     */
    private static void estimateTokens(byte[] body, Response response) throws IOException {
        json(response, 200, ("{\"input_tokens\":" + Math.max(1, body.length / BYTES_PER_TOKEN) + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The whole request body, or {@code null} if it is larger than the gateway accepts. */
    private static byte @Nullable [] readBody(Request request) throws IOException {
        if (request.getLength() > MAX_REQUEST_BODY) {
            return null;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_REQUEST_BODY + 1);
            return body.length > MAX_REQUEST_BODY ? null : body;
        }
    }

    private boolean allowed(String method, String path) {
        return switch (method) {
            case "HEAD" -> path.equals("/");
            case "POST" -> config.allowedPaths().contains(path);
            default -> false;
        };
    }

    private boolean carriesSandboxKey(HttpFields headers) {
        if (sandboxKey == null) {
            return true;
        }
        String key = headers.get("x-api-key");
        String authorization = headers.get(HttpHeader.AUTHORIZATION);
        if (key == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7).strip();
        }
        return key != null && MessageDigest.isEqual(sandboxKey, key.getBytes(StandardCharsets.UTF_8));
    }

    private void forward(String method, String path, Request request, byte[] body, Response response)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> answer;
        try {
            answer = upstream.send(method, request.getHttpURI().getPathQuery(), request.getHeaders(), body);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            unreachable(response, e);
            return;
        } catch (HttpTimeoutException e) {
            error(response, 504, "api_error", "The model endpoint did not answer within " + config.readTimeout()
                    + " (Poco model gateway).");
            return;
        } catch (IllegalArgumentException e) {
            error(response, 400, "invalid_request_error", "Request cannot be forwarded: " + e.getMessage());
            return;
        } catch (IOException e) {
            unreachable(response, e);
            return;
        }
        boolean metered = method.equals("POST") && path.equals(MESSAGES);
        @Nullable UsageMeter meter = metered && answer.statusCode() / 100 == 2
                ? UsageMeter.forContentType(answer.headers().firstValue("content-type").orElse(""))
                : null;
        // Usage is recorded before the client can see the end of the body, so whoever waits for the CLI to finish
        // and then reads the gateway's usage sees every request counted.
        AtomicBoolean accounted = new AtomicBoolean(!metered);
        Runnable account = () -> {
            if (accounted.compareAndSet(false, true)) {
                TokenUsage usage = meter == null ? new TokenUsage(0, 0, 0, 0, 1) : meter.finish();
                usageSink.accept(meter == null ? UsageMeter.UNKNOWN_MODEL : meter.model(), usage);
            }
        };
        boolean complete = false;
        try {
            relay(method, answer, response, meter, account);
            complete = true;
        } finally {
            account.run();
            log.debug("{} {} -> {} in {} ms{}", method, path, answer.statusCode(),
                    (System.nanoTime() - started) / 1_000_000, complete ? "" : " (body cut)");
        }
    }

    private void unreachable(Response response, IOException e) throws IOException {
        log.warn("Model endpoint {} unreachable: {}", config.upstreamBaseUrl().getHost(), e.toString());
        error(response, 502, "api_error", "The model endpoint is unreachable from the Poco model gateway ("
                + e.getClass().getSimpleName() + "). Check ANTHROPIC_BASE_URL and the runner's network.");
    }

    /** Streams status, headers and body to the client, flushing after every piece the upstream delivered. */
    private void relay(String method, HttpResponse<Flow.Publisher<List<ByteBuffer>>> answer, Response response,
            @Nullable UsageMeter meter, Runnable account) throws IOException, InterruptedException {
        BodyQueue queue = new BodyQueue();
        answer.body().subscribe(queue);
        int status = answer.statusCode();
        boolean bodyless = method.equals("HEAD") || status == 204 || status == 304;
        OptionalLong length = answer.headers().firstValueAsLong("content-length");
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        answer.headers().map().forEach((name, values) -> {
            if (!Upstream.isResponseHopByHop(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> headers.add(name, value));
            }
        });
        if (length.isPresent()) {
            headers.put(HttpHeader.CONTENT_LENGTH, length.getAsLong());
        }
        if (bodyless) {
            queue.cancel();
            account.run();
            return;
        }
        OutputStream out = Content.Sink.asOutputStream(response);
        out.flush(); // the status and headers go out now, before the first piece of a slow answer
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
                    out.write(bytes);
                }
                out.flush();
            }
        } catch (IOException e) {
            queue.cancel(); // client gone or upstream failed mid-body: stop the other side too
            throw e;
        }
        account.run();
        out.close(); // the last chunk, after the usage is recorded
    }

    /** Writes an Anthropic-shaped error answer; the headers must not have gone out yet. */
    static void error(Response response, int status, String type, String message) throws IOException {
        json(response, status, AnthropicErrors.body(type, message));
    }

    /** Writes a whole JSON answer; the headers must not have gone out yet. */
    private static void json(Response response, int status, byte[] json) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.write(json);
        }
    }
}
