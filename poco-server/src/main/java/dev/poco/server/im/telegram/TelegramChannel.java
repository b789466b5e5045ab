package dev.poco.server.im.telegram;

import dev.poco.server.auth.HostProperties;
import dev.poco.server.common.Json;
import dev.poco.server.common.Texts;
import dev.poco.server.im.DeliveryException;
import dev.poco.server.im.ImChannel;
import dev.poco.server.im.ImCredentials;
import dev.poco.server.im.ImInbound;
import dev.poco.server.im.Outbound;
import dev.poco.server.im.ProviderStatusRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Telegram as an {@link ImChannel}. At start (only with a token): learns the bot's username ({@code getMe}), then in
 * webhook mode registers {@code POCO_PUBLIC_URL/api/v1/webhooks/telegram} with the secret ({@code setWebhook}), in
 * polling mode removes any webhook and long-polls {@code getUpdates} on a virtual thread, handing each update to
 * {@link ImInbound} before moving the offset past it (a restart re-reads unconfirmed updates; inbound dedup drops
 * repeats). Sends with {@code parse_mode=HTML}; a part Telegram cannot parse goes again as plain text. The token and
 * the webhook secret come from {@link ImCredentials} (set in the web UI, else {@code POCO_TELEGRAM_*}); when they or
 * the provider's switch change, the connection is rebuilt ({@link #credentialsChanged}).
 */
@Component
class TelegramChannel implements ImChannel, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TelegramChannel.class);
    static final String WEBHOOK_PATH = "/api/v1/webhooks/telegram";
    static final String BOT_TOKEN = "bot_token";
    static final String WEBHOOK_SECRET = "webhook_secret";

    private final TelegramProperties properties;
    private final ImInbound inbound;
    private final ProviderStatusRepository status;
    private final Json json;
    private final @Nullable String publicUrl;
    private static final Duration LOCK_RETRY = Duration.ofSeconds(5);

    private final ImCredentials credentials;
    private final DataSource dataSource;
    /** Null while no token is configured or the provider is switched off. */
    private volatile @Nullable TelegramClient client;
    private volatile @Nullable String token;
    private volatile @Nullable String secret;
    private volatile @Nullable String username;
    private volatile boolean running;
    private volatile @Nullable Thread worker;

    TelegramChannel(TelegramProperties properties, ImInbound inbound, ProviderStatusRepository status, Json json,
            HostProperties hosts, DataSource dataSource, ImCredentials credentials) {
        this.dataSource = dataSource;
        this.credentials = credentials;
        this.properties = properties;
        this.inbound = inbound;
        this.status = status;
        this.json = json;
        String url = Texts.trimToNull(hosts.publicUrl());
        this.publicUrl = url == null ? null : url.replaceAll("/+$", "");
    }

    @Override
    public List<String> credentialFields() {
        return List.of(BOT_TOKEN, WEBHOOK_SECRET);
    }

    @Override
    public Optional<String> environmentCredential(String field) {
        return Optional.ofNullable(switch (field) {
            case BOT_TOKEN -> properties.botToken();
            case WEBHOOK_SECRET -> properties.webhookSecret();
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
     * (Re)reads the token, secret and switch; when they changed, ends the current connection and starts one with
     * the new values (none when there is no token or the provider is switched off).
     */
    private synchronized void connect() {
        String newToken = credentials.switchedOn(provider()) ? credentials.get(provider(), BOT_TOKEN).orElse(null)
                : null;
        String newSecret = credentials.get(provider(), WEBHOOK_SECRET).orElse(null);
        boolean same = Objects.equals(newToken, token) && Objects.equals(newSecret, secret)
                && (newToken == null) == (client == null);
        if (same && (worker != null || newToken == null)) {
            return;
        }
        stopWorker();
        token = newToken;
        secret = newSecret;
        username = null;
        client = newToken == null ? null : new TelegramClient(properties.apiUrl(), newToken,
                Duration.ofSeconds(properties.httpTimeoutSeconds()), json.mapper());
        if (client != null && running) {
            Thread t = Thread.ofVirtual().name("telegram").unstarted(this::run);
            worker = t; // before it runs: its loops stop when it is no longer the worker
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

    /** This thread is the current worker of a running channel. */
    private boolean alive() {
        return running && Thread.currentThread() == worker;
    }

    private boolean hasSecret() {
        return secret != null && !secret.isBlank();
    }

    @Override
    public String provider() {
        return TelegramUpdates.PROVIDER;
    }

    @Override
    public boolean enabled() {
        // the switch counts at once; the connection follows it on credentialsChanged's thread
        return client != null && credentials.switchedOn(provider());
    }

    @Override
    public String mode() {
        return switch (properties.mode()) {
            case "webhook" -> "webhook";
            case "polling" -> "polling";
            default -> hasSecret() && publicUrl != null ? "webhook" : "polling";
        };
    }

    @Override
    public @Nullable String account() {
        return username;
    }

    boolean acceptsSecret(@Nullable String presented) {
        String expected = secret;
        return enabled() && expected != null && !expected.isBlank() && presented != null
                && java.security.MessageDigest.isEqual(presented.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                expected.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** One update from the webhook or the long poll. */
    void receive(JsonNode update) {
        TelegramUpdates.parse(update, username).ifPresent(m -> inbound.handle(this, m));
    }

    @Override
    public List<Part> render(Outbound message) {
        List<List<Outbound.Button>> none = List.of();
        List<Part> parts = new ArrayList<>();
        List<String> texts = message.markdown() ? TelegramFormat.markdownParts(message.text())
                : TelegramFormat.splitPlain(message.text(), TelegramFormat.LIMIT);
        for (int i = 0; i < texts.size(); i++) {
            parts.add(new Part(texts.get(i), message.markdown() ? "html" : "plain",
                    i == texts.size() - 1 ? message.buttons() : none));
        }
        return parts;
    }

    @Override
    public void send(String chatId, Part part) throws DeliveryException {
        TelegramClient c = requireClient();
        ObjectNode body = json.object();
        if (chatId.matches("-?\\d+")) {
            body.put("chat_id", Long.parseLong(chatId));
        } else {
            body.put("chat_id", chatId);
        }
        body.put("text", part.text().isEmpty() ? " " : part.text());
        body.putObject("link_preview_options").put("is_disabled", true);
        if (!part.buttons().isEmpty()) {
            ArrayNode rows = body.putObject("reply_markup").putArray("inline_keyboard");
            for (List<Outbound.Button> row : part.buttons()) {
                ArrayNode r = rows.addArray();
                row.forEach(b -> r.addObject().put("text", b.label()).put("callback_data", b.data()));
            }
        }
        if (part.format().equals("html")) {
            body.put("parse_mode", "HTML");
        }
        try {
            c.call("sendMessage", body);
        } catch (TelegramClient.TelegramApiException e) {
            if (e.code() != 400 || !part.format().equals("html") || !e.getMessage().contains("parse")) {
                throw e;
            }
            log.debug("Telegram could not parse our HTML, sending plain text: {}", e.getMessage());
            body.remove("parse_mode");
            body.put("text", TelegramFormat.toPlain(part.text()));
            c.call("sendMessage", body);
        }
    }

    /** {@code sendDocument} with the file as a multipart upload (Telegram takes up to 50 MB from bots). */
    @Override
    public void sendDocument(String chatId, Document document) throws DeliveryException {
        TelegramClient c = requireClient();
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("chat_id", chatId);
        if (!document.caption().isBlank()) {
            fields.put("caption", Texts.truncate(document.caption(), 1000));
        }
        c.upload("sendDocument", fields, "document", document);
    }

    @Override
    public void acknowledge(String pressId, String text) {
        try {
            requireClient().call("answerCallbackQuery", Map.of("callback_query_id", pressId,
                    "text", Texts.truncate(text, 190)));
        } catch (DeliveryException e) {
            log.debug("answerCallbackQuery failed: {}", e.getMessage());
        }
    }

    private TelegramClient requireClient() throws DeliveryException {
        if (client == null) {
            throw new DeliveryException("Telegram is not configured (bot token, or switched off)", false, null);
        }
        return client;
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

    private void run() {
        TelegramClient c = client;
        if (c == null) {
            return;
        }
        Duration backoff = Duration.ofSeconds(1);
        while (alive() && username == null) {
            try {
                username = c.call("getMe", Map.of()).path("username").asString(null);
                status.ok(provider());
            } catch (DeliveryException e) {
                status.failed(provider(), e.getMessage());
                log.warn("Telegram getMe failed, retrying in {}: {}", backoff, e.getMessage());
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60)
                        : backoff.multipliedBy(2);
            }
        }
        if (mode().equals("webhook")) {
            registerWebhook(c);
        } else {
            poll(c);
        }
    }

    private void registerWebhook(TelegramClient c) {
        if (publicUrl == null) {
            log.info("Telegram webhook mode without POCO_PUBLIC_URL: register {} with setWebhook yourself",
                    WEBHOOK_PATH);
            return;
        }
        try {
            c.call("setWebhook", Map.of("url", publicUrl + WEBHOOK_PATH, "secret_token", Objects.requireNonNull(secret),
                    "allowed_updates", List.of("message", "edited_message", "callback_query")));
            log.info("Telegram webhook registered at {}{}", publicUrl, WEBHOOK_PATH);
        } catch (DeliveryException e) {
            status.failed(provider(), e.getMessage());
            log.warn("Telegram setWebhook failed: {}", e.getMessage());
        }
    }

    /**
     * Telegram serves one {@code getUpdates} at a time per bot (a second one gets 409 Conflict), so of several
     * replicas only the one holding a PostgreSQL advisory lock polls; the others wait and take over when its
     * session ends (the lock goes with the connection).
     */
    private void poll(TelegramClient c) {
        long key = ("poco.telegram.poll:" + String.valueOf(token).split(":", 2)[0]).hashCode();
        while (alive()) {
            try (Connection connection = dataSource.getConnection()) {
                if (!advisory(connection, "pg_try_advisory_lock", key)) {
                    if (!pause(LOCK_RETRY)) {
                        return;
                    }
                    continue;
                }
                try {
                    pollHoldingTheLock(c, connection);
                } finally {
                    advisory(connection, "pg_advisory_unlock", key);
                }
            } catch (SQLException e) {
                log.warn("Telegram polling lock: {}", e.getMessage());
                if (!pause(LOCK_RETRY)) {
                    return;
                }
            }
        }
    }

    private static boolean advisory(Connection connection, String function, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void pollHoldingTheLock(TelegramClient c, Connection lock) throws SQLException {
        long offset = 0;
        boolean webhookRemoved = false;
        boolean failing = false;
        Duration backoff = Duration.ofSeconds(1);
        while (alive() && lock.isValid(2)) {
            try {
                if (!webhookRemoved) {
                    c.call("deleteWebhook", Map.of("drop_pending_updates", false));
                    webhookRemoved = true;
                }
                JsonNode updates = c.call("getUpdates", Map.of("offset", offset,
                        "timeout", properties.pollTimeoutSeconds(),
                        "allowed_updates", List.of("message", "edited_message", "callback_query")),
                        Duration.ofSeconds(properties.pollTimeoutSeconds() + properties.httpTimeoutSeconds()));
                if (backoff.compareTo(Duration.ofSeconds(1)) > 0 || failing) {
                    status.ok(provider()); // through again after a failure: the settings page shows it
                }
                failing = false;
                backoff = Duration.ofSeconds(1);
                for (JsonNode update : updates) {
                    receive(update);
                    offset = Math.max(offset, update.path("update_id").asLong() + 1);
                }
            } catch (DeliveryException e) {
                if (!alive()) {
                    return;
                }
                status.failed(provider(), e.getMessage());
                failing = true;
                log.warn("Telegram getUpdates failed, retrying in {}: {}", backoff, e.getMessage());
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                log.warn("Telegram update handling failed", e);
                if (!pause(backoff)) {
                    return;
                }
            }
        }
    }

    private boolean pause(Duration d) {
        try {
            Thread.sleep(d);
            return alive();
        } catch (InterruptedException e) {
            return false;
        }
    }
}
