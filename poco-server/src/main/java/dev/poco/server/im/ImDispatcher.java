package dev.poco.server.im;

import dev.poco.server.auth.HostProperties;
import dev.poco.server.common.ChangeNotifier;
import dev.poco.server.common.ChangeNotifiers;
import dev.poco.server.common.Json;
import dev.poco.server.common.Texts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Delivers {@code im_outbox} rows: claims due rows of the enabled providers under a lease (several dispatchers, in
 * one server or in several replicas, never claim the same row), sends the parts not yet sent, and marks the row
 * delivered. A failure that may pass (network, 5xx, 429) is retried after the provider's {@code retry_after} or
 * {@code min(60, 2^attempts)} seconds; a refusal (chat gone, bot blocked) or {@code POCO_IM_MAX_ATTEMPTS} failures
 * end the row as {@code dead}. Woken by NOTIFY {@code im_outbox} when rows commit, otherwise looks every
 * {@code POCO_IM_DISPATCH_INTERVAL_MILLIS}. Claims nothing while no provider is enabled (credentials can be set from
 * the web UI at any time, so it keeps looking).
 */
@Component
class ImDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImDispatcher.class);
    private static final String WAKE = "wake";

    private final OutboxRepository outbox;
    private final Map<String, ImChannel> channels;
    private final ImProperties properties;
    private final ProviderStatusRepository status;
    private final ChangeNotifier wakeups;
    private final TransactionTemplate tx;
    private final Json json;
    private final @Nullable String publicUrl;
    private volatile boolean running;
    private @Nullable Thread thread;

    ImDispatcher(OutboxRepository outbox, List<ImChannel> channels, ImProperties properties,
            ProviderStatusRepository status, ChangeNotifiers notifiers, TransactionTemplate tx, Json json,
            HostProperties hosts) {
        this.outbox = outbox;
        this.channels = channels.stream().collect(Collectors.toMap(ImChannel::provider, Function.identity()));
        this.properties = properties;
        this.status = status;
        this.wakeups = notifiers.on(ImOutboxWriter.CHANNEL, payload -> WAKE);
        this.tx = tx;
        this.json = json;
        String url = Texts.trimToNull(hosts.publicUrl());
        this.publicUrl = url == null ? null : url.replaceAll("/+$", "");
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("im-dispatcher").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        wakeups.wake(WAKE);
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        Duration idle = Duration.ofMillis(properties.dispatchIntervalMillis());
        while (running && !wakeups.stopping()) {
            try (ChangeNotifier.Watch watch = wakeups.watch(WAKE)) {
                if (runOnce() == 0 && running) {
                    watch.await(idle);
                }
            } catch (RuntimeException e) {
                log.warn("Chat notification dispatch failed; trying again", e);
                sleep(idle);
            }
        }
    }

    /** Claims one batch and delivers it; the number of rows claimed. */
    int runOnce() {
        List<String> providers = enabledProviders();
        if (providers.isEmpty()) {
            return 0;
        }
        List<OutboxRepository.Row> rows = tx.execute(s -> outbox.claim(providers, properties.dispatchBatchSize(),
                Duration.ofSeconds(properties.dispatchLeaseSeconds())));
        if (rows == null) {
            return 0;
        }
        rows.forEach(this::deliver);
        return rows.size();
    }

    private void deliver(OutboxRepository.Row row) {
        ImChannel channel = channels.get(row.provider());
        JsonNode payload = json.read(row.payload());
        if (channel == null || payload == null) {
            outbox.dead(row.id(), "no provider " + row.provider());
            return;
        }
        if (row.userId() == null || !row.userId().equals(payload.path("user_id").asString(""))) {
            // unlinked or linked to someone else since: the session's news are not theirs
            outbox.dead(row.id(), "chat is no longer linked to the session's owner");
            return;
        }
        String lang = row.language() != null ? row.language() : properties.defaultLanguage();
        try {
            List<ImChannel.Part> parts = channel.render(Notifications.render(row.eventType(), payload, lang, publicUrl));
            for (int i = row.chunksSent(); i < parts.size(); i++) {
                channel.send(row.chatId(), parts.get(i));
                outbox.partSent(row.id(), i + 1);
            }
            outbox.delivered(row.id());
            status.ok(row.provider());
        } catch (DeliveryException e) {
            failed(row, String.valueOf(e.getMessage()), e.retryable(), e.retryAfter());
        } catch (RuntimeException e) {
            log.warn("Delivering chat notification {} failed", row.id(), e);
            failed(row, String.valueOf(e.getMessage()), true, null);
        }
    }

    private void failed(OutboxRepository.Row row, String error, boolean retryable, @Nullable Duration retryAfter) {
        status.failed(row.provider(), error);
        if (!retryable || row.attempts() >= properties.maxAttempts()) {
            log.warn("Giving up chat notification {} ({}) after {} attempts: {}", row.id(), row.eventKey(),
                    row.attempts(), error);
            outbox.dead(row.id(), error);
            return;
        }
        Duration delay = retryAfter != null ? retryAfter
                : Duration.ofSeconds(Math.min(60, 1L << Math.min(row.attempts(), 6)));
        log.info("Chat notification {} failed (attempt {}), retrying in {}: {}", row.id(), row.attempts(), delay,
                error);
        outbox.retryLater(row.id(), delay, error);
    }

    private List<String> enabledProviders() {
        return channels.values().stream().filter(ImChannel::enabled).map(ImChannel::provider).toList();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
