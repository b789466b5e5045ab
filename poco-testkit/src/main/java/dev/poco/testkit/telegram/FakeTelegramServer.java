package dev.poco.testkit.telegram;

import com.sun.net.httpserver.HttpExchange;
import dev.poco.testkit.http.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Telegram Bot API stand-in on 127.0.0.1: {@code POST /bot<token>/<method>} with a JSON body, answers
 * {@code {"ok":true,"result":…}} or {@code {"ok":false,"error_code":…,"description":…}} as Telegram does. Implements
 * getMe, getUpdates (long poll over the queue {@link #pushUpdate} fills), setWebhook, deleteWebhook, sendMessage
 * (refusing empty texts, texts over 4096 characters and HTML it cannot parse, as Telegram does), sendDocument
 * ({@code multipart/form-data} with a {@code document} file part, up to 50 MB as for bots),
 * answerCallbackQuery; records every call. {@link #fail} makes the next calls of a method fail (500, or 429 with
 * {@code retry_after}).
 */
public final class FakeTelegramServer implements AutoCloseable {

    public static final long BOT_ID = 7_000_000_001L;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PATH = Pattern.compile("^/bot([^/]+)/([A-Za-z]+)$");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z-]+)([^>]*)>");
    private static final Set<String> HTML_TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
            "a", "code", "pre", "span", "tg-spoiler", "blockquote", "tg-emoji");

    private final String token;
    private final String botUsername;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> updates = new ArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final AtomicLong nextUpdateId = new AtomicLong(100);
    private final AtomicLong nextMessageId = new AtomicLong(1);
    private final java.util.concurrent.atomic.AtomicInteger polling = new java.util.concurrent.atomic.AtomicInteger();
    private final List<Document> documents = new CopyOnWriteArrayList<>();
    /** Telegram's limit for files bots upload. */
    public static final long MAX_DOCUMENT_BYTES = 50L * 1024 * 1024;
    private @Nullable LoopbackServer server;

    public FakeTelegramServer(String token, String botUsername) {
        this.token = token;
        this.botUsername = botUsername;
    }

    public FakeTelegramServer start() {
        server = LoopbackServer.start("fake-telegram-", this::handle);
        return this;
    }

    /** The Bot API base URL to configure ({@code POCO_TELEGRAM_API_URL}). */
    public String baseUrl() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.baseUrl();
    }

    public String botUsername() {
        return botUsername;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        synchronized (updates) {
            updates.notifyAll();
        }
    }

    // ---------- what tests script ----------

    /** Queues an update for getUpdates (an {@code update_id} is assigned when missing) and returns it. */
    public ObjectNode pushUpdate(ObjectNode update) {
        if (!update.has("update_id")) {
            update.put("update_id", nextUpdateId.getAndIncrement());
        }
        synchronized (updates) {
            updates.add(update);
            updates.notifyAll();
        }
        return update;
    }

    /** An update with a text message from user {@code userId} in private chat {@code chatId}. */
    public ObjectNode textUpdate(long chatId, long userId, String text) {
        return messageUpdate("message", chatId, "private", userId, nextMessageId.getAndIncrement(), text, null);
    }

    /** An update with a text message in a group chat. */
    public ObjectNode groupTextUpdate(long chatId, long userId, String text) {
        return messageUpdate("message", chatId, "supergroup", userId, nextMessageId.getAndIncrement(), text, null);
    }

    /** An {@code edited_message} update of message {@code messageId}. */
    public ObjectNode editUpdate(long chatId, long userId, long messageId, String text) {
        return messageUpdate("edited_message", chatId, "private", userId, messageId, text,
                Instant.now().getEpochSecond() + nextMessageId.getAndIncrement());
    }

    /** The message id of a message update (to edit it). */
    public static long messageId(ObjectNode update) {
        JsonNode m = update.has("message") ? update.get("message") : update.get("edited_message");
        return m.get("message_id").asLong();
    }

    /** A {@code callback_query} update: user pressed the button with {@code data} under a bot message. */
    public ObjectNode buttonPress(long chatId, long userId, String data) {
        ObjectNode update = NODES.objectNode();
        update.put("update_id", nextUpdateId.getAndIncrement());
        ObjectNode cb = update.putObject("callback_query");
        cb.put("id", "cbq-" + nextMessageId.getAndIncrement());
        user(cb.putObject("from"), userId);
        ObjectNode message = cb.putObject("message");
        message.put("message_id", nextMessageId.getAndIncrement());
        message.put("date", Instant.now().getEpochSecond());
        message.putObject("chat").put("id", chatId).put("type", "private");
        cb.put("chat_instance", "ci-" + chatId);
        cb.put("data", data);
        return update;
    }

    /** An update carrying a sticker (no text). */
    public ObjectNode stickerUpdate(long chatId, long userId) {
        ObjectNode update = messageUpdate("message", chatId, "private", userId, nextMessageId.getAndIncrement(), null,
                null);
        ObjectNode sticker = ((ObjectNode) update.get("message")).putObject("sticker");
        sticker.put("file_id", "CAACAgIAAxkBAAE").put("width", 512).put("height", 512).put("emoji", "👍");
        return update;
    }

    private ObjectNode messageUpdate(String kind, long chatId, String chatType, long userId, long messageId,
            @Nullable String text, @Nullable Long editDate) {
        ObjectNode update = NODES.objectNode();
        update.put("update_id", nextUpdateId.getAndIncrement());
        ObjectNode message = update.putObject(kind);
        message.put("message_id", messageId);
        user(message.putObject("from"), userId);
        ObjectNode chat = message.putObject("chat").put("id", chatId).put("type", chatType);
        if (chatType.equals("private")) {
            chat.put("first_name", "User" + userId);
        } else {
            chat.put("title", "Group " + chatId);
        }
        message.put("date", Instant.now().getEpochSecond());
        if (editDate != null) {
            message.put("edit_date", editDate);
        }
        if (text != null) {
            message.put("text", text);
            if (text.startsWith("/")) {
                int end = text.indexOf(' ');
                message.putArray("entities").addObject().put("type", "bot_command").put("offset", 0)
                        .put("length", end < 0 ? text.length() : end);
            }
        }
        return update;
    }

    private static void user(ObjectNode from, long userId) {
        from.put("id", userId).put("is_bot", false).put("first_name", "User" + userId).put("language_code", "en");
    }

    /** The next {@code times} calls of {@code method} fail with {@code status} (429: with {@code retry_after}). */
    public FakeTelegramServer fail(String method, int times, int status, int retryAfterSeconds) {
        synchronized (failures) {
            for (int i = 0; i < times; i++) {
                failures.add(new Failure(method, status, retryAfterSeconds));
            }
        }
        return this;
    }

    // ---------- what tests check ----------

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Messages the bot sent (successful sendMessage calls) to {@code chatId}, oldest first. */
    public List<Sent> sentTo(long chatId) {
        return calls.stream().filter(c -> c.method().equals("sendMessage") && c.status() == 200)
                .filter(c -> c.body().path("chat_id").asLong() == chatId)
                .map(c -> new Sent(c.body().path("text").asString(""), c.body().path("parse_mode").asString(null),
                        c.body().path("reply_markup").path("inline_keyboard")))
                .toList();
    }

    public void clearCalls() {
        calls.clear();
    }

    /** Files the bot sent (successful sendDocument calls) to {@code chatId}, oldest first. */
    public List<Document> documentsTo(long chatId) {
        return documents.stream().filter(d -> d.chatId().equals(Long.toString(chatId))).toList();
    }

    /**
     * One recorded request: method, JSON body (for multipart: the text fields, and {@code document} as
     * {@code {filename, size, content_type}}), the HTTP status we answered, and when it arrived
     * ({@link System#nanoTime()}, for latency measurements).
     */
    public record Call(String method, JsonNode body, int status, long receivedNanos) {
        public Call(String method, JsonNode body, int status) {
            this(method, body, status, System.nanoTime());
        }
    }

    /** A file the bot sent: its chat, name, type, bytes and caption. */
    public record Document(String chatId, String filename, @Nullable String contentType, byte[] bytes,
            @Nullable String caption) {}

    /** A delivered message; {@code keyboard} is the inline keyboard (missing node when none). */
    public record Sent(String text, @Nullable String parseMode, JsonNode keyboard) {

        /** All {@code callback_data} of the keyboard, row by row. */
        public List<String> buttonData() {
            List<String> data = new ArrayList<>();
            keyboard.forEach(row -> row.forEach(b -> data.add(b.path("callback_data").asString(""))));
            return data;
        }

        public List<String> buttonLabels() {
            List<String> labels = new ArrayList<>();
            keyboard.forEach(row -> row.forEach(b -> labels.add(b.path("text").asString(""))));
            return labels;
        }
    }

    private record Failure(String method, int status, int retryAfter) {}

    // ---------- the wire ----------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            if (!path.matches() || !exchange.getRequestMethod().equals("POST")) {
                answer(exchange, null, error(404, "Not Found"), 404);
                return;
            }
            String method = path.group(2);
            long received = System.nanoTime();
            String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (contentType.startsWith("multipart/form-data")) {
                multipart(exchange, method, contentType, raw, received);
                return;
            }
            JsonNode body;
            try {
                body = raw.length == 0 ? NODES.objectNode() : JSON.readTree(raw);
            } catch (RuntimeException e) {
                answer(exchange, new Call(method, NODES.objectNode(), 400), error(400, "Bad Request: invalid JSON"),
                        400);
                return;
            }
            if (!path.group(1).equals(token)) {
                answer(exchange, new Call(method, body, 401), error(401, "Unauthorized"), 401);
                return;
            }
            Failure failure = takeFailure(method);
            if (failure != null) {
                ObjectNode err = error(failure.status(), failure.status() == 429
                        ? "Too Many Requests: retry after " + failure.retryAfter() : "Internal Server Error");
                if (failure.status() == 429) {
                    err.putObject("parameters").put("retry_after", failure.retryAfter());
                }
                answer(exchange, new Call(method, body, failure.status()), err, failure.status());
                return;
            }
            Reply reply = dispatch(method, body);
            answer(exchange, new Call(method, body, reply.status(), received), reply.body(), reply.status());
        }
    }

    private record Reply(int status, ObjectNode body) {}

    /** A multipart call: only sendDocument takes one here. */
    private void multipart(HttpExchange exchange, String method, String contentType, byte[] raw, long received)
            throws IOException {
        Matcher b = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        ObjectNode fields = NODES.objectNode();
        byte[] file = null;
        String filename = null;
        String fileType = null;
        if (b.find()) {
            byte[] delimiter = ("--" + b.group(1)).getBytes(StandardCharsets.ISO_8859_1);
            List<Integer> starts = new ArrayList<>();
            for (int i = indexOf(raw, delimiter, 0); i >= 0; i = indexOf(raw, delimiter, i + delimiter.length)) {
                starts.add(i);
            }
            for (int k = 0; k + 1 < starts.size(); k++) {
                int from = starts.get(k) + delimiter.length + 2; // CRLF after the delimiter
                int to = starts.get(k + 1) - 2; // CRLF before the next one
                int headerEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), from);
                if (headerEnd < 0 || headerEnd > to) {
                    continue;
                }
                String headers = new String(raw, from, headerEnd - from, StandardCharsets.UTF_8);
                byte[] value = java.util.Arrays.copyOfRange(raw, headerEnd + 4, to);
                Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
                Matcher fname = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
                Matcher type = Pattern.compile("(?i)content-type:\\s*(\\S+)").matcher(headers);
                if (!name.find()) {
                    continue;
                }
                if (fname.find()) {
                    file = value;
                    filename = fname.group(1);
                    fileType = type.find() ? type.group(1) : null;
                    fields.putObject(name.group(1)).put("filename", filename).put("size", value.length)
                            .put("content_type", fileType);
                } else {
                    fields.put(name.group(1), new String(value, StandardCharsets.UTF_8));
                }
            }
        }
        if (!path(exchange).group(1).equals(token)) {
            answer(exchange, new Call(method, fields, 401, received), error(401, "Unauthorized"), 401);
            return;
        }
        Failure failure = takeFailure(method);
        if (failure != null) {
            answer(exchange, new Call(method, fields, failure.status(), received),
                    error(failure.status(), "Internal Server Error"), failure.status());
            return;
        }
        Reply reply;
        if (!method.equals("sendDocument")) {
            reply = bad("Bad Request: multipart is only for file uploads here");
        } else if (fields.path("chat_id").asString("").isEmpty()) {
            reply = bad("Bad Request: chat_id is empty");
        } else if (file == null) {
            reply = bad("Bad Request: there is no document in the request");
        } else if (file.length > MAX_DOCUMENT_BYTES) {
            reply = new Reply(413, error(413, "Request Entity Too Large"));
        } else {
            documents.add(new Document(fields.path("chat_id").asString(), String.valueOf(filename), fileType, file,
                    fields.path("caption").asString(null)));
            ObjectNode message = NODES.objectNode();
            message.put("message_id", nextMessageId.getAndIncrement());
            message.put("date", Instant.now().getEpochSecond());
            message.putObject("chat").put("id", fields.path("chat_id").asString());
            message.putObject("document").put("file_name", filename).put("file_size", file.length)
                    .put("file_id", "BQACAgI-" + nextMessageId.get());
            reply = ok(message);
        }
        answer(exchange, new Call(method, fields, reply.status(), received), reply.body(), reply.status());
    }

    private static Matcher path(HttpExchange exchange) {
        Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
        m.matches();
        return m;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private Reply dispatch(String method, JsonNode body) {
        return switch (method) {
            case "getMe" -> ok(NODES.objectNode().put("id", BOT_ID).put("is_bot", true).put("first_name", "Poco")
                    .put("username", botUsername).put("can_join_groups", true));
            case "setWebhook", "deleteWebhook" -> ok(NODES.booleanNode(true));
            case "answerCallbackQuery" -> body.path("callback_query_id").asString("").isEmpty()
                    ? bad("Bad Request: query is too old and response timeout expired or query ID is invalid")
                    : ok(NODES.booleanNode(true));
            case "getUpdates" -> getUpdates(body);
            case "sendMessage" -> sendMessage(body);
            default -> new Reply(404, error(404, "Not Found: method not found"));
        };
    }

    /** One long poll at a time, as Telegram: a concurrent second one gets 409 Conflict. */
    private Reply getUpdates(JsonNode body) {
        if (polling.getAndIncrement() > 0) {
            polling.decrementAndGet();
            return new Reply(409, error(409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"));
        }
        try {
            return ok(updates(body.path("offset").asLong(0), body.path("timeout").asInt(0)));
        } finally {
            polling.decrementAndGet();
        }
    }

    private Reply sendMessage(JsonNode body) {
        JsonNode chatId = body.path("chat_id");
        String text = body.path("text").asString("");
        if (chatId.isMissingNode() || chatId.isNull()) {
            return bad("Bad Request: chat_id is empty");
        }
        if (text.strip().isEmpty()) {
            return bad("Bad Request: message text is empty");
        }
        String visible = text;
        if ("HTML".equals(body.path("parse_mode").asString(null))) {
            String problem = htmlProblem(text);
            if (problem != null) {
                return bad("Bad Request: can't parse entities: " + problem);
            }
            visible = text.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&quot;", "\"").replace("&amp;", "&");
        }
        if (visible.codePointCount(0, visible.length()) > 4096) {
            return bad("Bad Request: message is too long");
        }
        for (JsonNode row : body.path("reply_markup").path("inline_keyboard")) {
            for (JsonNode button : row) {
                if (button.path("callback_data").asString("").getBytes(StandardCharsets.UTF_8).length > 64) {
                    return bad("Bad Request: BUTTON_DATA_INVALID");
                }
            }
        }
        ObjectNode message = NODES.objectNode();
        message.put("message_id", nextMessageId.getAndIncrement());
        message.put("date", Instant.now().getEpochSecond());
        message.putObject("from").put("id", BOT_ID).put("is_bot", true).put("username", botUsername);
        message.putObject("chat").set("id", chatId);
        message.put("text", visible);
        return ok(message);
    }

    /** What Telegram would say about this HTML, or null when it parses. */
    private static @Nullable String htmlProblem(String html) {
        Deque<String> open = new ArrayDeque<>();
        Matcher m = TAG.matcher(html);
        while (m.find()) {
            String name = m.group(2).toLowerCase();
            if (!HTML_TAGS.contains(name)) {
                return "unsupported start tag \"" + name + "\" at byte offset " + m.start();
            }
            if (m.group(1).isEmpty()) {
                open.push(name);
            } else if (open.isEmpty() || !open.pop().equals(name)) {
                return "can't find end tag corresponding to start tag \"" + name + "\"";
            }
        }
        if (!open.isEmpty()) {
            return "can't find end tag corresponding to start tag \"" + open.peek() + "\"";
        }
        String stripped = TAG.matcher(html).replaceAll("");
        int amp = stripped.indexOf('&');
        while (amp >= 0) {
            if (!stripped.startsWith("&lt;", amp) && !stripped.startsWith("&gt;", amp)
                    && !stripped.startsWith("&amp;", amp) && !stripped.startsWith("&quot;", amp)) {
                return "unsupported entity at byte offset " + amp;
            }
            amp = stripped.indexOf('&', amp + 1);
        }
        if (stripped.indexOf('<') >= 0 || stripped.indexOf('>') >= 0) {
            return "unexpected < or >";
        }
        return null;
    }

    private ArrayNode updates(long offset, int timeoutSeconds) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(Math.max(0, timeoutSeconds)));
        synchronized (updates) {
            if (offset > 0) {
                updates.removeIf(u -> u.path("update_id").asLong() < offset);
            }
            while (updates.isEmpty() && Instant.now().isBefore(deadline) && server != null) {
                try {
                    updates.wait(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            ArrayNode result = NODES.arrayNode();
            updates.stream().limit(100).forEach(result::add);
            return result;
        }
    }

    private @Nullable Failure takeFailure(String method) {
        synchronized (failures) {
            for (Failure f : failures) {
                if (f.method().equals(method)) {
                    failures.remove(f);
                    return f;
                }
            }
            return null;
        }
    }

    private static Reply ok(JsonNode result) {
        ObjectNode body = NODES.objectNode().put("ok", true);
        body.set("result", result);
        return new Reply(200, body);
    }

    private static Reply bad(String description) {
        return new Reply(400, error(400, description));
    }

    private static ObjectNode error(int code, String description) {
        return NODES.objectNode().put("ok", false).put("error_code", code).put("description", description);
    }

    private void answer(HttpExchange exchange, @Nullable Call call, ObjectNode body, int status) throws IOException {
        if (call != null) {
            calls.add(call);
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
