package dev.poco.testkit.feishu;

import com.sun.net.httpserver.HttpExchange;
import dev.poco.testkit.http.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Feishu (Lark) Open Platform stand-in on 127.0.0.1, answering as {@code https://open.feishu.cn} does:
 * <ul>
 * <li>{@code POST /open-apis/auth/v3/tenant_access_token/internal} {@code {app_id, app_secret}} →
 * {@code {code:0, msg:"ok", tenant_access_token, expire}} (wrong credentials: code 10014);</li>
 * <li>{@code GET /open-apis/bot/v3/info} → {@code {code:0, bot:{app_name, open_id}}};</li>
 * <li>{@code POST /open-apis/im/v1/messages?receive_id_type=chat_id} {@code {receive_id, msg_type, content}} with
 * {@code content} a JSON string → {@code {code:0, msg:"success", data:{message_id, …}}}; no token is code 99991661,
 * an unknown or expired one 99991663 (HTTP 400), a card over 30 KB code 230025.</li>
 * </ul>
 * Every call is recorded. {@link #fail} makes the next calls of an endpoint fail (429 with code 99991400 and
 * {@code x-ogw-ratelimit-reset}, or a 5xx), {@link #expireTokens} invalidates every token handed out so far.
 */
public final class FakeFeishuServer implements AutoCloseable {

    public static final String TOKEN_PATH = "/open-apis/auth/v3/tenant_access_token/internal";
    public static final String MESSAGES_PATH = "/open-apis/im/v1/messages";
    public static final String BOT_INFO_PATH = "/open-apis/bot/v3/info";
    public static final String BOT_OPEN_ID = "ou_bot0000000000000000000000000001";
    public static final int CARD_LIMIT_BYTES = 30 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> MSG_TYPES = Set.of("text", "post", "image", "file", "audio", "media", "sticker",
            "interactive", "share_chat", "share_user");

    private final String appId;
    private final String appSecret;
    private final String appName;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Set<String> left = ConcurrentHashMap.newKeySet();
    private final AtomicLong counter = new AtomicLong(1);
    private volatile int tokenExpireSeconds = 7200;
    private @Nullable LoopbackServer server;

    public FakeFeishuServer(String appId, String appSecret, String appName) {
        this.appId = appId;
        this.appSecret = appSecret;
        this.appName = appName;
    }

    public FakeFeishuServer start() {
        server = LoopbackServer.start("fake-feishu-", this::handle);
        return this;
    }

    /** The base URL to configure ({@code POCO_FEISHU_BASE_URL}). */
    public String baseUrl() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.baseUrl();
    }

    public String appName() {
        return appName;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    // ---------- what tests script ----------

    /**
     * The next {@code times} calls whose path ends with {@code pathSuffix} ({@code "messages"},
     * {@code "tenant_access_token/internal"}) fail with HTTP {@code status}; 429 answers code 99991400 with
     * {@code x-ogw-ratelimit-reset: retryAfterSeconds}.
     */
    public FakeFeishuServer fail(String pathSuffix, int times, int status, int retryAfterSeconds) {
        synchronized (failures) {
            for (int i = 0; i < times; i++) {
                failures.add(new Failure(pathSuffix, status, retryAfterSeconds));
            }
        }
        return this;
    }

    /** Every token handed out so far is now invalid (as after its {@code expire}); new ones work. */
    public FakeFeishuServer expireTokens() {
        tokens.clear();
        return this;
    }

    /** The bot is no longer in chat {@code chatId}: sending there answers code 230002, as Feishu does. */
    public FakeFeishuServer removeBotFrom(String chatId) {
        left.add(chatId);
        return this;
    }

    /** The {@code expire} (seconds) of tokens handed out from now on. */
    public FakeFeishuServer tokenExpireSeconds(int seconds) {
        this.tokenExpireSeconds = seconds;
        return this;
    }

    // ---------- what tests check ----------

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls whose path ends with {@code pathSuffix}. */
    public List<Call> calls(String pathSuffix) {
        return calls.stream().filter(c -> c.path().endsWith(pathSuffix)).toList();
    }

    /** Messages the app sent (accepted message calls) to chat {@code chatId}, oldest first. */
    public List<Sent> sentTo(String chatId) {
        return calls.stream().filter(c -> c.path().equals(MESSAGES_PATH) && c.status() == 200)
                .filter(c -> c.body().path("receive_id").asString("").equals(chatId))
                .map(c -> new Sent(c.body().path("msg_type").asString(""),
                        JSON.readTree(c.body().path("content").asString("{}"))))
                .toList();
    }

    public void clearCalls() {
        calls.clear();
    }

    /** One recorded request: path, query, JSON body, the HTTP status and the {@code code} we answered. */
    public record Call(String method, String path, @Nullable String query, JsonNode body, int status, int code) {}

    /** A delivered message: {@code msg_type} and its parsed {@code content}. */
    public record Sent(String msgType, JsonNode content) {

        /** The visible text: a text's text, a post's paragraphs, a card's markdown and div texts, line by line. */
        public String text() {
            return switch (msgType) {
                case "text" -> content.path("text").asString("");
                case "post" -> postText(content);
                case "interactive" -> cardText(content);
                default -> "";
            };
        }

        /** The {@code value.data} of every card button, in order. */
        public List<String> buttonData() {
            List<String> data = new ArrayList<>();
            buttons().forEach(b -> data.add(b.path("value").path("data").asString("")));
            return data;
        }

        public List<String> buttonLabels() {
            List<String> labels = new ArrayList<>();
            buttons().forEach(b -> labels.add(b.path("text").path("content").asString("")));
            return labels;
        }

        private List<JsonNode> buttons() {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode element : content.path("elements")) {
                if (element.path("tag").asString("").equals("action")) {
                    element.path("actions").forEach(out::add);
                }
            }
            return out;
        }

        private static String postText(JsonNode content) {
            JsonNode body = content.has("content") ? content : content.properties().stream().findFirst()
                    .map(Map.Entry::getValue).orElse(NODES.objectNode());
            List<String> lines = new ArrayList<>();
            String title = body.path("title").asString("");
            if (!title.isEmpty()) {
                lines.add(title);
            }
            for (JsonNode paragraph : body.path("content")) {
                StringBuilder line = new StringBuilder();
                paragraph.forEach(e -> line.append(e.path("text").asString("")));
                lines.add(line.toString());
            }
            return String.join("\n", lines);
        }

        private static String cardText(JsonNode card) {
            List<String> parts = new ArrayList<>();
            for (JsonNode element : card.path("elements")) {
                switch (element.path("tag").asString("")) {
                    case "markdown" -> parts.add(element.path("content").asString(""));
                    case "div" -> parts.add(element.path("text").path("content").asString(""));
                    default -> { }
                }
            }
            return String.join("\n", parts);
        }
    }

    private record Failure(String pathSuffix, int status, int retryAfter) {}

    private record Reply(int status, ObjectNode body) {}

    // ---------- the wire ----------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            JsonNode body;
            try {
                body = raw.length == 0 ? NODES.objectNode() : JSON.readTree(raw);
            } catch (RuntimeException e) {
                answer(exchange, new Call(exchange.getRequestMethod(), path, query, NODES.objectNode(), 400, 9499),
                        new Reply(400, error(9499, "Bad Request: body is not JSON")), null);
                return;
            }
            Failure failure = takeFailure(path);
            if (failure != null) {
                int code = failure.status() == 429 ? 99991400 : 1500;
                Reply reply = new Reply(failure.status(), error(code, failure.status() == 429
                        ? "request trigger frequency limit" : "internal error"));
                answer(exchange, new Call(exchange.getRequestMethod(), path, query, body, failure.status(), code), reply,
                        failure.status() == 429 ? String.valueOf(failure.retryAfter()) : null);
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Reply reply = switch (path) {
                case TOKEN_PATH -> exchange.getRequestMethod().equals("POST") ? token(body)
                        : new Reply(404, error(404, "404 page not found"));
                case BOT_INFO_PATH -> botInfo(authorization);
                case MESSAGES_PATH -> exchange.getRequestMethod().equals("POST") ? send(authorization, query, body)
                        : new Reply(404, error(404, "404 page not found"));
                default -> new Reply(404, error(404, "404 page not found"));
            };
            answer(exchange, new Call(exchange.getRequestMethod(), path, query, body, reply.status(),
                    reply.body().path("code").asInt(0)), reply, null);
        }
    }

    private Reply token(JsonNode body) {
        if (!appId.equals(body.path("app_id").asString("")) || !appSecret.equals(body.path("app_secret").asString(""))) {
            return new Reply(400, error(10014, "app secret invalid"));
        }
        String token = "t-" + Long.toHexString(System.nanoTime()) + counter.getAndIncrement();
        int expire = tokenExpireSeconds;
        tokens.put(token, Instant.now().plusSeconds(expire));
        ObjectNode ok = NODES.objectNode().put("code", 0).put("msg", "ok").put("tenant_access_token", token)
                .put("expire", expire);
        return new Reply(200, ok);
    }

    private @Nullable Reply authProblem(@Nullable String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            return new Reply(400, error(99991661, "Missing access token for authorization. Please make a request"
                    + " with token attached."));
        }
        Instant until = tokens.get(authorization.substring(7));
        if (until == null || Instant.now().isAfter(until)) {
            return new Reply(400, error(99991663, "Invalid access token for authorization. Please make a request"
                    + " with token attached."));
        }
        return null;
    }

    private Reply botInfo(@Nullable String authorization) {
        Reply problem = authProblem(authorization);
        if (problem != null) {
            return problem;
        }
        ObjectNode ok = NODES.objectNode().put("code", 0).put("msg", "ok");
        ok.putObject("bot").put("activate_status", 2).put("app_name", appName).put("avatar_url", "")
                .put("open_id", BOT_OPEN_ID).putArray("ip_white_list");
        return new Reply(200, ok);
    }

    private Reply send(@Nullable String authorization, @Nullable String query, JsonNode body) {
        Reply problem = authProblem(authorization);
        if (problem != null) {
            return problem;
        }
        String idType = query == null ? "" : query.replaceAll("(^|.*&)receive_id_type=([^&]*).*", "$2");
        if (!Set.of("chat_id", "open_id", "user_id", "union_id", "email").contains(idType)) {
            return new Reply(400, error(99992402, "field validation failed: receive_id_type is required"));
        }
        String receiveId = body.path("receive_id").asString("");
        String msgType = body.path("msg_type").asString("");
        if (receiveId.isEmpty()) {
            return new Reply(400, error(230001, "Your request contains an invalid request parameter, ext=invalid"
                    + " receive_id"));
        }
        if (idType.equals("chat_id") && left.contains(receiveId)) {
            return new Reply(400, error(230002, "The bot can not be outside the group."));
        }
        if (!MSG_TYPES.contains(msgType)) {
            return new Reply(400, error(230001, "Your request contains an invalid request parameter, ext=invalid"
                    + " msg_type"));
        }
        JsonNode content = body.path("content");
        JsonNode parsed;
        try {
            parsed = content.isString() ? JSON.readTree(content.asString()) : null;
        } catch (RuntimeException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject()) {
            return new Reply(400, error(230001, "Your request contains an invalid request parameter, ext=content is"
                    + " not a JSON string"));
        }
        String invalid = switch (msgType) {
            case "text" -> parsed.path("text").asString("").isBlank() ? "text is empty" : null;
            case "post" -> parsed.path("zh_cn").path("content").isArray() || parsed.path("en_us").path("content")
                    .isArray() ? null : "post has no content";
            case "interactive" -> content.asString().getBytes(StandardCharsets.UTF_8).length > CARD_LIMIT_BYTES
                    ? "card too long" : parsed.path("elements").isArray() ? null : "card has no elements";
            default -> null;
        };
        if ("card too long".equals(invalid)) {
            return new Reply(400, error(230025, "The length of the message content reaches its limit."));
        }
        if (invalid != null) {
            return new Reply(400, error(230001, "Your request contains an invalid request parameter, ext=" + invalid));
        }
        ObjectNode ok = NODES.objectNode().put("code", 0).put("msg", "success");
        ok.putObject("data").put("message_id", "om_" + Long.toHexString(counter.getAndIncrement()))
                .put("chat_id", receiveId).put("msg_type", msgType)
                .put("create_time", String.valueOf(Instant.now().toEpochMilli()));
        return new Reply(200, ok);
    }

    private @Nullable Failure takeFailure(String path) {
        synchronized (failures) {
            for (Failure f : failures) {
                if (path.endsWith(f.pathSuffix())) {
                    failures.remove(f);
                    return f;
                }
            }
            return null;
        }
    }

    private static ObjectNode error(int code, String msg) {
        ObjectNode body = NODES.objectNode().put("code", code).put("msg", msg);
        body.putObject("error").put("log_id", "fake-" + System.nanoTime());
        return body;
    }

    private void answer(HttpExchange exchange, Call call, Reply reply, @Nullable String rateLimitReset)
            throws IOException {
        calls.add(call);
        byte[] bytes = JSON.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (rateLimitReset != null) {
            exchange.getResponseHeaders().set("x-ogw-ratelimit-reset", rateLimitReset);
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
