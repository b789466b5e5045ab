package dev.poco.testkit.dingtalk;

import com.sun.net.httpserver.HttpExchange;
import dev.poco.testkit.http.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * DingTalk on 127.0.0.1, speaking its wire protocol:
 * <ul>
 * <li>{@code POST /v1.0/gateway/connections/open} {clientId, clientSecret, subscriptions} → {endpoint, ticket}; the
 * endpoint is a real websocket server that accepts a connection with a valid ticket, pushes frames
 * ({@code {specVersion, type, headers: {topic, messageId, …}, data}}) and records the acknowledgements; a CALLBACK not
 * acknowledged is pushed again on the next connection, as DingTalk redelivers;</li>
 * <li>{@code POST /v1.0/oauth2/accessToken} {appKey, appSecret} → {accessToken, expireIn};</li>
 * <li>{@code POST /v1.0/robot/oToMessages/batchSend} and {@code /v1.0/robot/groupMessages/send} with the token in
 * {@code x-acs-dingtalk-access-token}, checking {@code msgKey} and {@code msgParam} like DingTalk;</li>
 * <li>{@code POST /robot/sendBySession?session=…}: the session webhooks of the messages it makes, refusing expired
 * ones ({@code errcode 300001}).</li>
 * </ul>
 * Every send is recorded ({@link #sentTo}) under the chat it reached: {@code user:<staffId>} for a one-to-one chat,
 * the conversation id for a group. {@link #fail} makes the next calls of an endpoint fail.
 */
public final class FakeDingTalkServer implements AutoCloseable {

    public static final String BOT_USER_ID = "$:LWCP_v1:$pocobot";
    public static final String BOT_TOPIC = "/v1.0/im/bot/messages/get";
    /** Endpoint names for {@link #fail} and {@link #calls(String)}. */
    public static final String GATEWAY = "gateway";
    public static final String TOKEN = "token";
    public static final String WEBHOOK = "sessionWebhook";
    public static final String ONE_TO_ONE = "oToSend";
    public static final String GROUP = "groupSend";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern BUTTON_LINK = Pattern.compile("\\[([^\\]]*)]\\((dtmd://[^)]+)\\)");
    private static final Set<String> KEYS = Set.of("sampleText", "sampleMarkdown", "sampleActionCard",
            "sampleActionCard2", "sampleActionCard3", "sampleActionCard4", "sampleActionCard5", "sampleActionCard6");

    private final String clientId;
    private final String clientSecret;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>(); // session → chat
    private final Set<String> tickets = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> tokens = new ConcurrentHashMap<>(); // token → expiry (ms)
    private final Map<String, String> unacked = new LinkedHashMap<>(); // messageId → frame
    private final List<JsonNode> acks = new CopyOnWriteArrayList<>();
    private final Set<WebSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private volatile long tokenLifetimeSeconds = 7200;
    private volatile boolean rejectSessions;
    private @Nullable LoopbackServer server;
    private @Nullable Gateway gateway;

    public FakeDingTalkServer(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    public FakeDingTalkServer start() {
        LoopbackServer http = LoopbackServer.start("fake-dingtalk-", this::handle);
        try {
            Gateway ws = new Gateway(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            ws.setReuseAddr(true);
            ws.start();
            if (!ws.started.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the fake stream gateway did not start");
            }
            server = http;
            gateway = ws;
        } catch (IOException e) {
            http.close();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            http.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** The base URL of the OpenAPI and of the stream gateway ({@code POCO_DINGTALK_API_URL}, {@code …_GATEWAY_URL}). */
    public String baseUrl() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.baseUrl();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (gateway != null) {
            try {
                gateway.stop(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------- robot messages, as DingTalk sends them ----------

    /** A text message from {@code staffId} in its one-to-one chat with the bot, with a session webhook. */
    public ObjectNode textMessage(String staffId, String text) {
        return message("1", "cid-private-" + staffId, staffId, "user:" + staffId, "text", text, false);
    }

    /** A text message in group {@code conversationId}; {@code atBot}: the bot is mentioned. */
    public ObjectNode groupMessage(String conversationId, String staffId, String text, boolean atBot) {
        return message("2", conversationId, staffId, conversationId, "text", atBot ? "@Poco " + text : text, atBot);
    }

    /** A picture from {@code staffId} in its one-to-one chat (no text). */
    public ObjectNode pictureMessage(String staffId) {
        ObjectNode m = message("1", "cid-private-" + staffId, staffId, "user:" + staffId, "picture", "", false);
        m.remove("text");
        m.putObject("content").put("downloadCode", "dl-" + nextId.getAndIncrement()).put("pictureDownloadCode", "p");
        return m;
    }

    /** What the client sends when the user taps a button of ours ({@code dtmd://…sendMessage?content=…}). */
    public ObjectNode buttonTap(String staffId, String buttonUrl) {
        String query = URI.create(buttonUrl).getRawQuery();
        String content = URLDecoder.decode(query.substring(query.indexOf("content=") + 8), StandardCharsets.UTF_8);
        return textMessage(staffId, content);
    }

    /** The same message with a session webhook that already expired. */
    public static ObjectNode withExpiredWebhook(ObjectNode message) {
        message.put("sessionWebhookExpiredTime", System.currentTimeMillis() - 1000);
        return message;
    }

    private ObjectNode message(String type, String conversationId, String staffId, String chat, String msgtype,
            String text, boolean atBot) {
        String session = "s-" + UUID.randomUUID();
        sessions.put(session, chat);
        long now = System.currentTimeMillis();
        ObjectNode m = NODES.objectNode();
        m.put("conversationId", conversationId).put("conversationType", type);
        if (type.equals("2")) {
            m.put("conversationTitle", "Group " + conversationId).put("isInAtList", atBot);
            if (atBot) {
                m.putArray("atUsers").addObject().put("dingtalkId", BOT_USER_ID);
            }
        }
        m.put("chatbotCorpId", "ding-corp").put("chatbotUserId", BOT_USER_ID)
                .put("msgId", "msg" + nextId.getAndIncrement()).put("senderNick", "Nick " + staffId)
                .put("isAdmin", false).put("senderStaffId", staffId).put("senderCorpId", "ding-corp")
                .put("senderId", "$:LWCP_v1:$" + staffId).put("createAt", now)
                .put("sessionWebhookExpiredTime", now + Duration.ofMinutes(90).toMillis())
                .put("sessionWebhook", baseUrl() + "/robot/sendBySession?session=" + session)
                .put("robotCode", clientId).put("msgtype", msgtype);
        m.putObject("text").put("content", text);
        return m;
    }

    /** While set, DingTalk refuses every session webhook as expired (whatever its expiry time said). */
    public void rejectSessionWebhooks(boolean reject) {
        rejectSessions = reject;
    }

    // ---------- the stream ----------

    /** Pushes a robot message as a CALLBACK frame (now, or when a client connects); returns the frame's id. */
    public String push(ObjectNode message) {
        return pushFrame("CALLBACK", BOT_TOPIC, message.toString());
    }

    /** Pushes a frame of any type and topic with {@code data} as its data string; returns its message id. */
    public String pushFrame(String type, String topic, String data) {
        String messageId = "frame-" + nextId.getAndIncrement();
        ObjectNode frame = NODES.objectNode();
        frame.put("specVersion", "1.0").put("type", type);
        frame.putObject("headers").put("appId", clientId).put("contentType", "application/json")
                .put("messageId", messageId).put("time", String.valueOf(System.currentTimeMillis()))
                .put("topic", topic);
        frame.put("data", data);
        String text = frame.toString();
        if (!type.equals("SYSTEM")) { // DingTalk redelivers callbacks and events, not its own control frames
            synchronized (unacked) {
                unacked.put(messageId, text);
            }
        }
        sockets.forEach(s -> send(s, text));
        return messageId;
    }

    /** Sends raw text to every connected client (malformed frames). */
    public void pushRaw(String text) {
        sockets.forEach(s -> send(s, text));
    }

    /** Asks every client to reconnect (SYSTEM {@code disconnect}), as DingTalk does before maintenance. */
    public void requestDisconnect() {
        pushFrame("SYSTEM", "disconnect", "{\"reason\":\"maintenance\"}");
    }

    /** Drops every connection without a word. */
    public void dropConnections() {
        sockets.forEach(s -> s.closeConnection(1006, "dropped"));
    }

    public boolean acked(String messageId) {
        return acks.stream().anyMatch(a -> a.path("headers").path("messageId").asString("").equals(messageId));
    }

    public List<JsonNode> acks() {
        return List.copyOf(acks);
    }

    public int connected() {
        return sockets.size();
    }

    public int connectionsOpened() {
        return connectionsOpened.get();
    }

    private static void send(WebSocket socket, String text) {
        try {
            socket.send(text);
        } catch (RuntimeException e) {
            // closed meanwhile: the frame stays unacknowledged and goes again on the next connection
        }
    }

    private final class Gateway extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        Gateway(InetSocketAddress address) {
            super(address);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            String resource = handshake.getResourceDescriptor();
            String ticket = resource.contains("ticket=")
                    ? URLDecoder.decode(resource.substring(resource.indexOf("ticket=") + 7), StandardCharsets.UTF_8)
                    : "";
            if (!tickets.remove(ticket)) {
                conn.close(4001, "invalid ticket");
                return;
            }
            sockets.add(conn);
            connectionsOpened.incrementAndGet();
            List<String> pending;
            synchronized (unacked) {
                pending = List.copyOf(unacked.values());
            }
            pending.forEach(f -> send(conn, f));
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            sockets.remove(conn);
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            JsonNode ack;
            try {
                ack = JSON.readTree(message);
            } catch (RuntimeException e) {
                return;
            }
            String id = ack.path("headers").path("messageId").asString("");
            if (ack.path("code").asInt(0) == 200 && !id.isEmpty()) {
                acks.add(ack);
                synchronized (unacked) {
                    unacked.remove(id);
                }
            }
        }

        @Override
        public void onError(@Nullable WebSocket conn, Exception ex) {
            // a client went away mid-frame: nothing to do
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    // ---------- what tests script and read ----------

    /** The next {@code times} calls of {@code endpoint} ({@link #TOKEN}, {@link #WEBHOOK}, …) answer {@code status}. */
    public FakeDingTalkServer fail(String endpoint, int times, int status) {
        synchronized (failures) {
            for (int i = 0; i < times; i++) {
                failures.add(new Failure(endpoint, status));
            }
        }
        return this;
    }

    /** Tokens issued from now on live this long (DingTalk: 7200 s). */
    public void tokenLifetime(long seconds) {
        tokenLifetimeSeconds = seconds;
    }

    /** Every token issued so far is refused from now on (401), as after DingTalk rotated them. */
    public void revokeTokens() {
        tokens.clear();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String endpoint) {
        return calls.stream().filter(c -> c.endpoint().equals(endpoint)).toList();
    }

    /** What reached {@code chat} ({@code user:<staffId>} or a group's conversation id), in order. */
    public List<Sent> sentTo(String chat) {
        return sent.stream().filter(s -> s.chat().equals(chat)).toList();
    }

    /** One recorded request: endpoint name, JSON body, the HTTP status and the body we answered. */
    public record Call(String endpoint, JsonNode body, int status, JsonNode answer) {}

    /**
     * One message that reached a chat. {@code via}: {@code webhook} or {@code openapi}; {@code kind}: the webhook's
     * {@code msgtype} or the OpenAPI's {@code msgKey}; buttons as (label, link) in order, from an action card or from
     * {@code dtmd://} links in the text.
     */
    public record Sent(String chat, String via, String kind, @Nullable String title, String text,
            List<String> buttonLabels, List<String> buttonUrls) {

        /** What each button sends when tapped (the decoded {@code content} of its link). */
        public List<String> buttonContents() {
            return buttonUrls.stream().map(u -> {
                String q = URI.create(u).getRawQuery();
                return URLDecoder.decode(q.substring(q.indexOf("content=") + 8), StandardCharsets.UTF_8);
            }).toList();
        }
    }

    private record Failure(String endpoint, int status) {}

    private record Reply(int status, ObjectNode body) {}

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                try {
                    body = raw.isBlank() ? NODES.objectNode() : JSON.readTree(raw);
                } catch (RuntimeException e) {
                    body = NODES.textNode(raw);
                }
            }
            String endpoint = switch (path) {
                case "/v1.0/gateway/connections/open" -> GATEWAY;
                case "/v1.0/oauth2/accessToken" -> TOKEN;
                case "/v1.0/robot/oToMessages/batchSend" -> ONE_TO_ONE;
                case "/v1.0/robot/groupMessages/send" -> GROUP;
                case "/robot/sendBySession" -> WEBHOOK;
                default -> "unknown";
            };
            Reply reply = failure(endpoint);
            if (reply == null) {
                reply = switch (endpoint) {
                    case GATEWAY -> open(body);
                    case TOKEN -> token(body);
                    case ONE_TO_ONE, GROUP -> openApiSend(endpoint, exchange, body);
                    case WEBHOOK -> sessionSend(exchange, body);
                    default -> error(404, "NotFound", "no such API");
                };
            }
            calls.add(new Call(endpoint, body, reply.status(), reply.body()));
            byte[] bytes = reply.body().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private @Nullable Reply failure(String endpoint) {
        synchronized (failures) {
            Failure f = failures.stream().filter(x -> x.endpoint().equals(endpoint)).findFirst().orElse(null);
            if (f == null) {
                return null;
            }
            failures.remove(f);
            return f.status() == 429 ? error(429, "Throttling", "too many requests")
                    : error(f.status(), "ServiceUnavailable", "injected failure");
        }
    }

    private Reply open(JsonNode body) {
        if (!clientId.equals(body.path("clientId").asString("")) || !clientSecret.equals(body.path("clientSecret")
                .asString(""))) {
            return error(401, "InvalidAuthentication", "bad client credentials");
        }
        if (!body.path("subscriptions").isArray() || body.path("subscriptions").isEmpty()) {
            return error(400, "InvalidParameter", "subscriptions required");
        }
        Gateway ws = gateway;
        if (ws == null) {
            return error(503, "ServiceUnavailable", "not started");
        }
        String ticket = UUID.randomUUID().toString();
        tickets.add(ticket);
        ObjectNode answer = NODES.objectNode();
        answer.put("endpoint", "ws://127.0.0.1:" + ws.getPort() + "/connect").put("ticket", ticket);
        return new Reply(200, answer);
    }

    private Reply token(JsonNode body) {
        if (!clientId.equals(body.path("appKey").asString("")) || !clientSecret.equals(body.path("appSecret")
                .asString(""))) {
            return error(400, "invalidClientIdOrSecret", "bad appKey or appSecret");
        }
        String token = "tok-" + UUID.randomUUID();
        tokens.put(token, System.currentTimeMillis() + tokenLifetimeSeconds * 1000);
        ObjectNode answer = NODES.objectNode();
        answer.put("accessToken", token).put("expireIn", tokenLifetimeSeconds);
        return new Reply(200, answer);
    }

    private Reply openApiSend(String endpoint, HttpExchange exchange, JsonNode body) {
        String token = exchange.getRequestHeaders().getFirst("x-acs-dingtalk-access-token");
        Long expires = token == null ? null : tokens.get(token);
        if (expires == null || expires < System.currentTimeMillis()) {
            return error(401, "InvalidAuthentication", "access token is invalid or expired");
        }
        String key = body.path("msgKey").asString("");
        if (!KEYS.contains(key) || !body.path("msgParam").isString() || !clientId.equals(body.path("robotCode")
                .asString(""))) {
            return error(400, "InvalidParameter", "msgKey, msgParam (a JSON string) and robotCode are required");
        }
        JsonNode param;
        try {
            param = JSON.readTree(body.path("msgParam").asString());
        } catch (RuntimeException e) {
            return error(400, "InvalidParameter", "msgParam is not JSON");
        }
        String chat;
        if (endpoint.equals(ONE_TO_ONE)) {
            if (!body.path("userIds").isArray() || body.path("userIds").size() != 1) {
                return error(400, "InvalidParameter", "userIds required");
            }
            chat = "user:" + body.path("userIds").get(0).asString();
        } else {
            chat = body.path("openConversationId").asString("");
            if (chat.isEmpty()) {
                return error(400, "InvalidParameter", "openConversationId required");
            }
        }
        String text = param.path(key.equals("sampleText") ? "content" : "text").asString("");
        if (text.isBlank() || !key.equals("sampleText") && param.path("title").asString("").isBlank()) {
            return error(400, "InvalidParameter", "empty message");
        }
        List<String> labels = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        if (param.has("singleTitle")) {
            labels.add(param.path("singleTitle").asString());
            urls.add(param.path("singleURL").asString());
        }
        for (int i = 1; param.has("actionTitle" + i); i++) {
            labels.add(param.path("actionTitle" + i).asString());
            urls.add(param.path("actionURL" + i).asString());
        }
        links(text, labels, urls);
        sent.add(new Sent(chat, "openapi", key, param.path("title").asString(null), text, labels, urls));
        ObjectNode answer = NODES.objectNode();
        answer.put("processQueryKey", "q-" + nextId.getAndIncrement());
        return new Reply(200, answer);
    }

    private Reply sessionSend(HttpExchange exchange, JsonNode body) {
        String query = exchange.getRequestURI().getRawQuery();
        String session = query == null || !query.startsWith("session=") ? "" : query.substring(8);
        String chat = sessions.get(session);
        ObjectNode answer = NODES.objectNode();
        if (chat == null || rejectSessions) {
            answer.put("errcode", 300001).put("errmsg", "session expired");
            return new Reply(200, answer);
        }
        String type = body.path("msgtype").asString("");
        JsonNode content = body.path(type);
        String text = switch (type) {
            case "text" -> content.path("content").asString("");
            case "markdown", "actionCard" -> content.path("text").asString("");
            default -> "";
        };
        if (text.isBlank() || !type.equals("text") && content.path("title").asString("").isBlank()) {
            answer.put("errcode", 40035).put("errmsg", "invalid message");
            return new Reply(200, answer);
        }
        List<String> labels = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (JsonNode b : content.path("btns")) {
            labels.add(b.path("title").asString(""));
            urls.add(b.path("actionURL").asString(""));
        }
        links(text, labels, urls);
        sent.add(new Sent(chat, "webhook", type, content.path("title").asString(null), text, labels, urls));
        answer.put("errcode", 0).put("errmsg", "ok");
        return new Reply(200, answer);
    }

    private static void links(String text, List<String> labels, List<String> urls) {
        Matcher m = BUTTON_LINK.matcher(text);
        while (m.find()) {
            labels.add(m.group(1));
            urls.add(m.group(2));
        }
    }

    private static Reply error(int status, String code, String message) {
        ObjectNode body = NODES.objectNode();
        body.put("code", code).put("message", message).put("requestid", UUID.randomUUID().toString());
        return new Reply(status, body);
    }
}
