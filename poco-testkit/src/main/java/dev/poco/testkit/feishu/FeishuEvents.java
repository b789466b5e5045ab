package dev.poco.testkit.feishu;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The callbacks Feishu posts to an app's event subscription URL, as Feishu builds them: v2 events
 * ({@code schema: "2.0"}, {@code header.token}) for {@code im.message.receive_v1} and {@code card.action.trigger},
 * and v1 {@code url_verification}. With an Encrypt Key, {@link #callback} encrypts the body as Feishu does
 * (AES-256-CBC, key SHA-256 of the Encrypt Key, random IV in front, base64: {@code {"encrypt": …}}) and signs it
 * ({@code X-Lark-Signature} = hex SHA-256 of timestamp + nonce + Encrypt Key + body).
 */
public final class FeishuEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String appId;
    private final String verificationToken;
    private final @Nullable String encryptKey;
    private final AtomicLong counter = new AtomicLong(1);

    public FeishuEvents(String appId, String verificationToken, @Nullable String encryptKey) {
        this.appId = appId;
        this.verificationToken = verificationToken;
        this.encryptKey = encryptKey;
    }

    /** The same events with another verification token (to test refusals). */
    public FeishuEvents withToken(String token) {
        return new FeishuEvents(appId, token, encryptKey);
    }

    // ---------- events ----------

    /** {@code {challenge, token, type: "url_verification"}}. */
    public ObjectNode urlVerification(String challenge) {
        return NODES.objectNode().put("challenge", challenge).put("token", verificationToken)
                .put("type", "url_verification");
    }

    /** A text message from user {@code openId} in one-to-one chat {@code chatId}. */
    public ObjectNode text(String chatId, String openId, String text) {
        return message(chatId, openId, "p2p", "text", NODES.objectNode().put("text", text), List.of());
    }

    /** A text message in group chat {@code chatId}; {@code mentionBot} puts {@code @_user_1} (the bot) in front. */
    public ObjectNode groupText(String chatId, String openId, String text, boolean mentionBot) {
        if (!mentionBot) {
            return message(chatId, openId, "group", "text", NODES.objectNode().put("text", text), List.of());
        }
        return message(chatId, openId, "group", "text", NODES.objectNode().put("text", "@_user_1 " + text),
                List.of(mention("@_user_1", FakeFeishuServer.BOT_OPEN_ID, "Poco")));
    }

    /** A rich-text ({@code post}) message, one paragraph per line. */
    public ObjectNode post(String chatId, String openId, String title, List<String> lines) {
        ObjectNode content = NODES.objectNode().put("title", title);
        ArrayNode paragraphs = content.putArray("content");
        for (String line : lines) {
            paragraphs.addArray().addObject().put("tag", "text").put("text", line);
        }
        return message(chatId, openId, "p2p", "post", content, List.of());
    }

    /** An image message (no text). */
    public ObjectNode image(String chatId, String openId) {
        return message(chatId, openId, "p2p", "image",
                NODES.objectNode().put("image_key", "img_v2_" + UUID.randomUUID()), List.of());
    }

    /** A sticker message (no text). */
    public ObjectNode sticker(String chatId, String openId) {
        return message(chatId, openId, "p2p", "sticker",
                NODES.objectNode().put("file_key", "v2_sticker_" + UUID.randomUUID()), List.of());
    }

    /** An {@code im.message.receive_v1} event with any message type and content. */
    public ObjectNode message(String chatId, String openId, String chatType, String messageType, ObjectNode content,
            List<ObjectNode> mentions) {
        ObjectNode event = v2("im.message.receive_v1");
        ObjectNode body = event.putObject("event");
        ObjectNode sender = body.putObject("sender");
        sender.putObject("sender_id").put("open_id", openId).put("union_id", "on_" + openId)
                .put("user_id", "u" + openId.hashCode());
        sender.put("sender_type", "user").put("tenant_key", "fake-tenant");
        ObjectNode message = body.putObject("message");
        String now = String.valueOf(Instant.now().toEpochMilli());
        message.put("message_id", "om_" + UUID.randomUUID().toString().replace("-", ""))
                .put("root_id", "").put("parent_id", "").put("create_time", now).put("update_time", now)
                .put("chat_id", chatId).put("chat_type", chatType).put("message_type", messageType)
                .put("content", JSON.writeValueAsString(content));
        ArrayNode list = message.putArray("mentions");
        mentions.forEach(list::add);
        message.put("user_agent", "Mozilla/5.0 Lark/7.30.0");
        return event;
    }

    /** A mention entry of a message's {@code mentions}. */
    public static ObjectNode mention(String key, String openId, String name) {
        ObjectNode m = NODES.objectNode().put("key", key);
        m.putObject("id").put("open_id", openId).put("union_id", "on_" + openId).put("user_id", "");
        m.put("name", name).put("tenant_key", "fake-tenant");
        return m;
    }

    /** A {@code card.action.trigger} event: user {@code openId} pressed the button whose value is {@code {data}}. */
    public ObjectNode cardAction(String chatId, String openId, String data) {
        ObjectNode event = v2("card.action.trigger");
        ObjectNode body = event.putObject("event");
        body.putObject("operator").put("tenant_key", "fake-tenant").put("open_id", openId)
                .put("union_id", "on_" + openId).put("user_id", "u" + openId.hashCode());
        body.put("token", "c-" + UUID.randomUUID());
        ObjectNode action = body.putObject("action");
        action.putObject("value").put("data", data);
        action.put("tag", "button");
        body.put("host", "im_message");
        body.putObject("context").put("open_message_id", "om_" + counter.getAndIncrement())
                .put("open_chat_id", chatId);
        return event;
    }

    /** The message id of a message event (to send it again). */
    public static String messageId(ObjectNode event) {
        return event.path("event").path("message").path("message_id").asString("");
    }

    private ObjectNode v2(String type) {
        ObjectNode event = NODES.objectNode().put("schema", "2.0");
        event.putObject("header").put("event_id", UUID.randomUUID().toString().replace("-", ""))
                .put("event_type", type).put("create_time", String.valueOf(Instant.now().toEpochMilli()))
                .put("token", verificationToken).put("app_id", appId).put("tenant_key", "fake-tenant");
        return event;
    }

    // ---------- the wire ----------

    /** A request as Feishu sends it: body and headers (encrypted and signed when there is an Encrypt Key). */
    public record Callback(String body, Map<String, String> headers) {}

    /** Posted as Feishu would: encrypted and signed with an Encrypt Key, plain JSON otherwise. */
    public Callback callback(ObjectNode event) {
        String plain = JSON.writeValueAsString(event);
        if (encryptKey == null) {
            return new Callback(plain, Map.of());
        }
        String body = JSON.writeValueAsString(NODES.objectNode().put("encrypt", encrypt(plain, encryptKey)));
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String nonce = Long.toHexString(RANDOM.nextLong());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Lark-Request-Timestamp", timestamp);
        headers.put("X-Lark-Request-Nonce", nonce);
        headers.put("X-Lark-Signature", signature(timestamp, nonce, encryptKey, body));
        return new Callback(body, headers);
    }

    /**
     * A plain (not encrypted) body, signed with the Encrypt Key when there is one: for malformed bodies and for
     * servers that receive plain callbacks.
     */
    public Callback signed(String body) {
        if (encryptKey == null) {
            return new Callback(body, Map.of());
        }
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String nonce = Long.toHexString(RANDOM.nextLong());
        return new Callback(body, Map.of("X-Lark-Request-Timestamp", timestamp, "X-Lark-Request-Nonce", nonce,
                "X-Lark-Signature", signature(timestamp, nonce, encryptKey, body)));
    }

    /** POSTs a callback to {@code url} (the app's webhook) and returns the status and body. */
    public static Response post(String url, Callback callback) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(callback.body(), StandardCharsets.UTF_8));
        callback.headers().forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the webhook answered. */
    public record Response(int status, String body) {

        public tools.jackson.databind.JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** Feishu's encryption of a callback body: base64(IV ‖ AES-256-CBC(SHA-256(key), IV, PKCS#7)). */
    public static String encrypt(String plain, String encryptKey) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(encryptKey.getBytes(StandardCharsets.UTF_8));
            byte[] iv = new byte[16];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            byte[] encrypted = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + encrypted.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(encrypted, 0, out, iv.length, encrypted.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code X-Lark-Signature}: hex SHA-256 of timestamp + nonce + Encrypt Key + raw body. */
    public static String signature(String timestamp, String nonce, String encryptKey, String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((timestamp + nonce + encryptKey + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
