package dev.poco.server.im.feishu;

import dev.poco.server.common.Json;
import dev.poco.server.im.DeliveryException;
import dev.poco.server.im.ImChannel;
import dev.poco.server.im.ImCredentials;
import dev.poco.server.im.ImInbound;
import dev.poco.server.im.Inbound;
import dev.poco.server.im.Outbound;
import dev.poco.server.im.ProviderStatusRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Feishu (Lark) as an {@link ImChannel}, receiving through the webhook only ({@link FeishuWebhookController}). The
 * long connection of Feishu's websocket SDK ({@code com.larksuite.oapi:oapi-sdk}) is not used: it is not among the
 * artifacts known to resolve here, and its protobuf-framed protocol could not be tested against a local fake. At
 * start (only when enabled with App ID and App Secret) it learns the bot's name and open_id
 * ({@code GET /open-apis/bot/v3/info}, retried with backoff) to recognise mentions in groups. Sends with the tenant
 * access token ({@link FeishuClient}); formats in {@link FeishuFormat}. The App ID and Secret, the Verification Token
 * and the Encrypt Key come from {@link ImCredentials} (set in the web UI, else {@code POCO_FEISHU_*}, which count only
 * with {@code POCO_FEISHU_ENABLED=true}); when they or the provider's switch change, the client is rebuilt and the
 * bot learnt again ({@link #credentialsChanged}).
 */
@Component
class FeishuChannel implements ImChannel, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FeishuChannel.class);
    static final String WEBHOOK_PATH = "/api/v1/webhooks/feishu";
    static final String APP_ID = "app_id";
    static final String APP_SECRET = "app_secret";
    static final String VERIFICATION_TOKEN = "verification_token";
    static final String ENCRYPT_KEY = "encrypt_key";
    static final String ONLY_TEXT = "Only text messages are understood here. 目前只能处理文字消息。";

    private final ImInbound inbound;
    private final ProviderStatusRepository status;
    private final Json json;
    private final FeishuProperties properties;
    private final ImCredentials credentials;
    /** Null while the App ID or Secret is missing or the provider is switched off. */
    private volatile @Nullable FeishuClient client;
    private volatile @Nullable String appId;
    private volatile @Nullable String appSecret;
    private volatile @Nullable String verificationToken;
    private volatile @Nullable String encryptKey;
    /** Toasts for card presses, handed from {@link #acknowledge} to the webhook's answer on the same request. */
    private final Map<String, String> toasts = new ConcurrentHashMap<>();
    /** Messages already told "only text" (a repeat of the callback gets no second note; in memory only). */
    private final Set<String> noted = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 2048;
                }
            }));
    private volatile @Nullable String botName;
    private volatile @Nullable String botOpenId;
    private volatile boolean running;
    private volatile @Nullable Thread worker;

    FeishuChannel(FeishuProperties properties, ImInbound inbound, ProviderStatusRepository status, Json json,
            ImCredentials credentials) {
        this.inbound = inbound;
        this.status = status;
        this.json = json;
        this.properties = properties;
        this.credentials = credentials;
    }

    @Override
    public List<String> credentialFields() {
        return List.of(APP_ID, APP_SECRET, VERIFICATION_TOKEN, ENCRYPT_KEY);
    }

    /** The environment's values, only when {@code POCO_FEISHU_ENABLED} (stale ones do not connect by surprise). */
    @Override
    public Optional<String> environmentCredential(String field) {
        if (!properties.enabled()) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (field) {
            case APP_ID -> properties.appId();
            case APP_SECRET -> properties.appSecret();
            case VERIFICATION_TOKEN -> properties.verificationToken();
            case ENCRYPT_KEY -> properties.encryptKey();
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
     * (Re)reads the credentials and the switch. The webhook's token and key apply at once; when the App ID or Secret
     * changed, a new client replaces the old one and the bot's name and open_id are learnt again with it (no client
     * when either is missing or Feishu is switched off).
     */
    private synchronized void connect() {
        verificationToken = credentials.get(provider(), VERIFICATION_TOKEN).orElse(null);
        encryptKey = credentials.get(provider(), ENCRYPT_KEY).orElse(null);
        boolean on = credentials.switchedOn(provider());
        String newId = on ? credentials.get(provider(), APP_ID).orElse(null) : null;
        String newSecret = on ? credentials.get(provider(), APP_SECRET).orElse(null) : null;
        if (newId == null || newSecret == null) {
            newId = null;
            newSecret = null;
        }
        if (Objects.equals(newId, appId) && Objects.equals(newSecret, appSecret)
                && (newId == null) == (client == null)) {
            return;
        }
        stopWorker();
        appId = newId;
        appSecret = newSecret;
        botName = null;
        botOpenId = null;
        FeishuClient c = newId == null ? null : new FeishuClient(properties.baseUrl(), newId,
                Objects.requireNonNull(newSecret), Duration.ofSeconds(properties.httpTimeoutSeconds()), json.mapper(),
                Clock.systemUTC());
        client = c;
        if (c != null && running) {
            Thread t = Thread.ofVirtual().name("feishu").unstarted(() -> learnBot(c));
            worker = t; // before it runs: it stops when it is no longer the worker
            t.start();
        }
    }

    private void stopWorker() {
        Thread t = worker;
        worker = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The Verification Token every callback must carry; null when none is configured (then all are refused). */
    @Nullable String verificationToken() {
        return verificationToken;
    }

    /** The Encrypt Key of the event subscription, null when none is set. */
    @Nullable String encryptKey() {
        String key = encryptKey;
        return key == null || key.isEmpty() ? null : key;
    }

    @Override
    public String provider() {
        return FeishuInbound.PROVIDER;
    }

    @Override
    public boolean enabled() {
        // the switch counts at once; the client follows it on credentialsChanged's thread
        return client != null && credentials.switchedOn(provider());
    }

    @Override
    public String mode() {
        return "webhook";
    }

    @Override
    public @Nullable String account() {
        return botName;
    }

    /**
     * One decrypted, verified callback. Messages and presses go to {@link ImInbound} (blocking until the replies
     * went out); returns the answer Feishu expects for a card press ({@code {"toast": …}}), null otherwise.
     */
    @Nullable JsonNode receive(JsonNode callback) {
        FeishuInbound.Parsed parsed = FeishuInbound.parse(callback, botOpenId, botName, json.mapper());
        switch (parsed) {
            case FeishuInbound.Handle(Inbound.ButtonPress press) -> {
                inbound.handle(this, press);
                String toast = toasts.remove(press.pressId());
                ObjectNode answer = json.object();
                if (toast != null) {
                    answer.putObject("toast").put("type", "info").put("content", toast);
                }
                return answer;
            }
            case FeishuInbound.Handle(Inbound message) -> inbound.handle(this, message);
            case FeishuInbound.Unsupported u -> onlyText(u);
            case FeishuInbound.Ignored ignored -> { }
        }
        return null;
    }

    private void onlyText(FeishuInbound.Unsupported u) {
        status.received(provider());
        if (!noted.add(u.chatId() + ":" + u.messageId())) {
            return;
        }
        log.debug("A Feishu {} message is not text: answered with a note", u.messageType());
        try {
            for (Part part : render(Outbound.plain(ONLY_TEXT))) {
                send(u.chatId(), part);
            }
        } catch (DeliveryException e) {
            status.failed(provider(), String.valueOf(e.getMessage()));
        }
    }

    @Override
    public List<Part> render(Outbound message) {
        List<List<Outbound.Button>> none = List.of();
        List<String> texts = message.markdown() ? FeishuFormat.splitMarkdown(message.text(), FeishuFormat.LIMIT)
                : FeishuFormat.splitPlain(message.text(), FeishuFormat.LIMIT);
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            boolean last = i == texts.size() - 1;
            List<List<Outbound.Button>> buttons = last ? message.buttons() : none;
            String format = message.markdown() ? FeishuFormat.CARD_MARKDOWN
                    : buttons.isEmpty() ? FeishuFormat.POST : FeishuFormat.CARD_PLAIN;
            parts.add(new Part(texts.get(i), format, buttons));
        }
        return parts;
    }

    @Override
    public void send(String chatId, Part part) throws DeliveryException {
        FeishuClient c = requireClient();
        String text = part.text().isBlank() ? " " : part.text();
        ObjectNode content = FeishuFormat.content(part.format(), text, part.buttons());
        c.sendMessage(chatId, FeishuFormat.msgType(part.format()), Objects.requireNonNull(json.write(content)));
    }

    /** Feishu takes the toast in the answer to the callback: kept here until the webhook answers. */
    @Override
    public void acknowledge(String pressId, String text) {
        toasts.put(pressId, text);
    }

    private FeishuClient requireClient() throws DeliveryException {
        FeishuClient c = client;
        if (c == null || !credentials.switchedOn(provider())) {
            throw new DeliveryException("Feishu is not configured (App ID and Secret on the settings page, or"
                    + " POCO_FEISHU_ENABLED, POCO_FEISHU_APP_ID, POCO_FEISHU_APP_SECRET) or switched off", false, null);
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
        stopWorker();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void learnBot(FeishuClient c) {
        Duration backoff = Duration.ofSeconds(1);
        while (running && Thread.currentThread() == worker && botOpenId == null) {
            try {
                JsonNode bot = c.botInfo();
                if (Thread.currentThread() != worker) {
                    return; // replaced meanwhile: the answer is about the old app
                }
                botName = bot.path("app_name").asString(null);
                botOpenId = bot.path("open_id").asString(null);
                status.ok(provider());
            } catch (DeliveryException e) {
                status.failed(provider(), String.valueOf(e.getMessage()));
                log.warn("Feishu bot info failed, retrying in {}: {}", backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5)
                        : backoff.multipliedBy(2);
            }
        }
    }
}
