package dev.poco.server.im.dingtalk;

import dev.poco.server.common.Json;
import dev.poco.server.im.DeliveryException;
import dev.poco.server.im.ImChannel;
import dev.poco.server.im.ImCredentials;
import dev.poco.server.im.ImInbound;
import dev.poco.server.im.Outbound;
import dev.poco.server.im.ProviderStatusRepository;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DingTalk as an {@link ImChannel}. Receives in {@code stream} mode over a websocket it opens itself
 * ({@link DingTalkStream}), or in {@code webhook} mode from {@link DingTalkWebhookController}. Replies go through the
 * session webhook of the chat's latest message while DingTalk still accepts it ({@code sessionWebhookExpiredTime},
 * less half a minute), and through the OpenAPI otherwise or when the webhook refuses: {@code oToMessages/batchSend}
 * to the user of a one-to-one chat, {@code groupMessages/send} to a group. Session webhooks are remembered only in
 * memory: after a restart, or on another replica, the OpenAPI takes over, so nothing depends on them.
 * Buttons become an action card whose buttons send {@code /press <data>} in the user's name; DingTalk delivers group
 * messages only when they mention the bot, so in groups the {@code /answer} line of the message is the way to answer.
 * The Client ID, Client Secret and robot code come from {@link ImCredentials} (set in the web UI, else
 * {@code POCO_DINGTALK_*}, which count only with {@code POCO_DINGTALK_ENABLED=true}); when they or the provider's
 * switch change, the client and the stream are rebuilt ({@link #credentialsChanged}).
 */
@Component
class DingTalkChannel implements ImChannel, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DingTalkChannel.class);
    static final String WEBHOOK_PATH = "/api/v1/webhooks/dingtalk";
    static final Duration WEBHOOK_MARGIN = Duration.ofSeconds(30);
    static final Duration SIGNATURE_WINDOW = Duration.ofHours(1);
    /** The OpenAPI's action cards have at most five buttons ({@code sampleActionCard5}). */
    static final int OPENAPI_BUTTONS = 5;
    static final String CLIENT_ID = "client_id";
    static final String CLIENT_SECRET = "client_secret";
    /**
     * Not a secret, but it belongs to the app: a robot code left from the environment's app would make every OpenAPI
     * send fail once another app is set on the settings page. Empty: the Client ID (DingTalk's default).
     */
    static final String ROBOT_CODE = "robot_code";

    private final DingTalkProperties properties;
    private final ImInbound inbound;
    private final ProviderStatusRepository status;
    private final Json json;
    private final Clock clock;
    private final ImCredentials credentials;
    private final Map<String, SessionWebhook> webhooks = new ConcurrentHashMap<>();
    /** Null while the Client ID or Secret is missing or the provider is switched off. */
    private volatile @Nullable DingTalkClient client;
    private volatile @Nullable String clientId;
    private volatile @Nullable String clientSecret;
    private volatile @Nullable String robotCode;
    private volatile @Nullable DingTalkStream stream;
    private volatile boolean running;

    DingTalkChannel(DingTalkProperties properties, ImInbound inbound, ProviderStatusRepository status, Json json,
            Clock clock, ImCredentials credentials) {
        this.properties = properties;
        this.inbound = inbound;
        this.status = status;
        this.json = json;
        this.clock = clock;
        this.credentials = credentials;
    }

    @Override
    public List<String> credentialFields() {
        return List.of(CLIENT_ID, CLIENT_SECRET, ROBOT_CODE);
    }

    /** The environment's values, only when {@code POCO_DINGTALK_ENABLED} (stale ones do not connect by surprise). */
    @Override
    public Optional<String> environmentCredential(String field) {
        if (!properties.enabled()) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (field) {
            case CLIENT_ID -> properties.clientId();
            case CLIENT_SECRET -> properties.clientSecret();
            case ROBOT_CODE -> properties.robotCode();
            default -> null;
        });
    }

    @Override
    public void credentialsChanged() {
        if (running) {
            connect();
        }
    }

    /**
     * (Re)reads the credentials and the switch; when they changed, stops the stream and builds a new client (and in
     * stream mode a new stream) from them: none when the Client ID or Secret is missing or DingTalk is switched off.
     */
    private synchronized void connect() {
        boolean on = credentials.switchedOn(provider());
        String newId = on ? credentials.get(provider(), CLIENT_ID).orElse(null) : null;
        String newSecret = on ? credentials.get(provider(), CLIENT_SECRET).orElse(null) : null;
        if (newId == null || newSecret == null) {
            newId = null;
            newSecret = null;
        }
        robotCode = credentials.get(provider(), ROBOT_CODE).orElse(null);
        boolean same = Objects.equals(newId, clientId) && Objects.equals(newSecret, clientSecret)
                && (newId == null) == (client == null);
        boolean streaming = properties.mode().equals("stream");
        if (same && (newId == null || !streaming || stream != null)) {
            return;
        }
        stopStream();
        clientId = newId;
        clientSecret = newSecret;
        webhooks.clear(); // session webhooks belong to the old app's messages
        DingTalkClient c = newId == null ? null
                : new DingTalkClient(properties, newId, Objects.requireNonNull(newSecret), json.mapper(), clock);
        client = c;
        if (c != null && running && streaming) {
            DingTalkStream s = new DingTalkStream(c, json, this::receive, status, provider(),
                    Duration.ofSeconds(properties.reconnectMaxSeconds()));
            stream = s;
            s.start();
        }
    }

    private void stopStream() {
        DingTalkStream s = stream;
        stream = null;
        if (s != null) {
            s.stop();
        }
    }

    /** The robot code for OpenAPI sends: the configured one, else the Client ID. */
    private String robot() {
        String code = robotCode;
        return code != null && !code.isBlank() ? code : String.valueOf(clientId);
    }

    @Override
    public String provider() {
        return DingTalkMessages.PROVIDER;
    }

    @Override
    public boolean enabled() {
        // the switch counts at once; the client and stream follow it on credentialsChanged's thread
        return client != null && credentials.switchedOn(provider());
    }

    @Override
    public String mode() {
        return properties.mode();
    }

    /** One robot message, from the stream or the webhook: remembers its session webhook, then handles it. */
    void receive(@Nullable JsonNode message) {
        if (!enabled()) {
            return; // switched off meanwhile: a switched-off provider does not receive
        }
        DingTalkMessages.parse(message).ifPresent(r -> {
            if (r.sessionWebhook() != null && r.sessionWebhookExpires() > 0
                    && properties.trustedWebhook(r.sessionWebhook())) {
                webhooks.put(r.inbound().chatId(), new SessionWebhook(r.sessionWebhook(), r.sessionWebhookExpires()));
            }
            inbound.handle(this, r.inbound());
        });
    }

    /** The outgoing robot's signature: {@code Base64(HmacSHA256(secret, timestamp + "\n" + secret))}, within 1 h. */
    boolean acceptsSignature(@Nullable String timestamp, @Nullable String sign) {
        String secret = clientSecret;
        if (!enabled() || secret == null || timestamp == null || sign == null || !timestamp.matches("\\d{1,15}")) {
            return false;
        }
        long age = Math.abs(clock.millis() - Long.parseLong(timestamp));
        if (age > SIGNATURE_WINDOW.toMillis()) {
            return false;
        }
        String expected = sign(timestamp, secret);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sign.getBytes(StandardCharsets.UTF_8));
    }

    static String sign(String timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<Part> render(Outbound message) {
        List<List<Outbound.Button>> none = List.of();
        String text = message.markdown() ? DingTalkFormat.markdown(message.text()) : message.text();
        List<String> texts = DingTalkFormat.split(text, DingTalkFormat.LIMIT);
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            boolean last = i == texts.size() - 1;
            parts.add(new Part(texts.get(i), message.markdown() ? "markdown" : "text",
                    last ? message.buttons() : none));
        }
        return parts;
    }

    @Override
    public void send(String chatId, Part part) throws DeliveryException {
        DingTalkClient c = requireClient();
        SessionWebhook webhook = webhooks.get(chatId);
        if (webhook != null && clock.millis() + WEBHOOK_MARGIN.toMillis() < webhook.expiresAt()) {
            try {
                c.sessionWebhook(webhook.url(), webhookBody(part));
                return;
            } catch (DeliveryException e) {
                // expired early, or DingTalk had trouble: the OpenAPI reaches the chat without it; a refused
                // webhook is forgotten, one that failed on the way is tried again next time
                log.debug("DingTalk session webhook failed, using the OpenAPI: {}", e.getMessage());
                if (!e.retryable()) {
                    webhooks.remove(chatId, webhook);
                }
            }
        }
        ObjectNode body = openApiBody(part);
        body.put("robotCode", robot());
        if (chatId.startsWith(DingTalkMessages.USER_PREFIX)) {
            body.putArray("userIds").add(chatId.substring(DingTalkMessages.USER_PREFIX.length()));
            c.openApi("/v1.0/robot/oToMessages/batchSend", body);
        } else {
            body.put("openConversationId", chatId);
            c.openApi("/v1.0/robot/groupMessages/send", body);
        }
    }

    private ObjectNode webhookBody(Part part) {
        ObjectNode body = json.object();
        List<Outbound.Button> buttons = part.buttons().stream().flatMap(List::stream).toList();
        if (!buttons.isEmpty()) {
            ObjectNode card = body.put("msgtype", "actionCard").putObject("actionCard");
            card.put("title", DingTalkFormat.title(part.text())).put("text", part.text()).put("btnOrientation", "0");
            ArrayNode btns = card.putArray("btns");
            buttons.forEach(b -> btns.addObject().put("title", b.label()).put("actionURL", DingTalkFormat.pressUrl(b)));
        } else if (part.format().equals("markdown")) {
            body.put("msgtype", "markdown").putObject("markdown").put("title", DingTalkFormat.title(part.text()))
                    .put("text", part.text());
        } else {
            body.put("msgtype", "text").putObject("text").put("content", part.text().isEmpty() ? " " : part.text());
        }
        return body;
    }

    /** {@code msgKey} and {@code msgParam} (a JSON string) of DingTalk's message templates. */
    private ObjectNode openApiBody(Part part) {
        ObjectNode param = json.object();
        String key;
        List<Outbound.Button> buttons = part.buttons().stream().flatMap(List::stream).toList();
        String title = DingTalkFormat.title(part.text());
        if (buttons.isEmpty() && part.format().equals("text")) {
            key = "sampleText";
            param.put("content", part.text().isEmpty() ? " " : part.text());
        } else if (buttons.isEmpty() || buttons.size() > OPENAPI_BUTTONS) {
            // too many for a card: the buttons become links in the text, which do the same
            StringBuilder text = new StringBuilder(part.text());
            if (!buttons.isEmpty()) {
                text.append("\n");
                buttons.forEach(b -> text.append("\n- [").append(b.label().replace("]", ")")).append("](")
                        .append(DingTalkFormat.pressUrl(b)).append(')'));
            }
            key = "sampleMarkdown";
            param.put("title", title).put("text", text.toString());
        } else if (buttons.size() == 1) {
            key = "sampleActionCard";
            param.put("title", title).put("text", part.text()).put("singleTitle", buttons.get(0).label())
                    .put("singleURL", DingTalkFormat.pressUrl(buttons.get(0)));
        } else {
            key = "sampleActionCard" + buttons.size();
            param.put("title", title).put("text", part.text());
            for (int i = 0; i < buttons.size(); i++) {
                param.put("actionTitle" + (i + 1), buttons.get(i).label())
                        .put("actionURL" + (i + 1), DingTalkFormat.pressUrl(buttons.get(i)));
            }
        }
        ObjectNode body = json.object();
        body.put("msgKey", key).put("msgParam", json.write(param));
        return body;
    }

    /**
     * DingTalk has no acknowledgement for our buttons: the press is a message the user sent, visible in the chat, and
     * an answered question is confirmed by the reply {@link ImInbound} sends.
     */
    @Override
    public void acknowledge(String pressId, String text) {
        log.debug("DingTalk press {} acknowledged: {}", pressId, text);
    }

    private DingTalkClient requireClient() throws DeliveryException {
        DingTalkClient c = client;
        if (c == null || !credentials.switchedOn(provider())) {
            throw new DeliveryException("DingTalk is not configured (Client ID and Secret on the settings page, or "
                    + "POCO_DINGTALK_ENABLED, POCO_DINGTALK_CLIENT_ID, POCO_DINGTALK_CLIENT_SECRET) or switched off",
                    false, null);
        }
        return c;
    }

    @Override
    public void start() {
        running = true;
        connect();
    }

    @Override
    public void stop() {
        running = false;
        synchronized (this) {
            stopStream();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    record SessionWebhook(String url, long expiresAt) {}
}
