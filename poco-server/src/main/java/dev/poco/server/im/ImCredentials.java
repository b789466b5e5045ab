package dev.poco.server.im;

import dev.poco.server.common.PgNotifications;
import dev.poco.server.envvars.SecretBox;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chat app credentials and on/off switches, set from the web UI and shared by all replicas. A stored value
 * ({@code im_credentials}, sealed by envvars' {@link SecretBox} for the row {@code im:<provider>} / field) overrides
 * the provider's environment ({@link ImChannel#environmentCredential}); the environment stays the default. Values
 * are cached per provider; a change commits with NOTIFY {@value #CHANNEL}, and every replica drops its cache and
 * tells the provider ({@link ImChannel#credentialsChanged}). Values never leave through the API and never appear in
 * logs.
 */
@Service
public class ImCredentials {

    static final String CHANNEL = "im_credentials";
    private static final Logger log = LoggerFactory.getLogger(ImCredentials.class);

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final ObjectProvider<ImChannel> channels;
    private final TransactionTemplate tx;
    private final Map<String, Snapshot> cache = new ConcurrentHashMap<>();

    /** What is stored for one provider: decrypted values and the switch. */
    private record Snapshot(Map<String, String> values, boolean on) {}

    ImCredentials(JdbcClient jdbc, SecretBox box, ObjectProvider<ImChannel> channels, TransactionTemplate tx,
            PgNotifications hub) {
        this.jdbc = jdbc;
        this.box = box;
        this.channels = channels;
        this.tx = tx;
        hub.subscribe(CHANNEL, provider -> {
            if (PgNotifications.RECONNECTED.equals(provider)) {
                cache.clear();
                channels.orderedStream().forEach(this::tell);
            } else {
                changed(provider);
            }
        });
    }

    /** The credential: the value stored from the UI, else the provider's environment value. */
    public Optional<String> get(String provider, String field) {
        String stored = snapshot(provider).values().get(field);
        if (stored != null && !stored.isBlank()) {
            return Optional.of(stored);
        }
        return channel(provider).flatMap(c -> c.environmentCredential(field)).filter(v -> !v.isBlank());
    }

    /** The provider's switch from the settings page (on unless switched off there). */
    public boolean switchedOn(String provider) {
        return snapshot(provider).on();
    }

    /** The fields with a stored value (never the values). */
    Set<String> storedFields(String provider) {
        return new TreeSet<>(snapshot(provider).values().keySet());
    }

    /** Fields with a value from either source. */
    Set<String> configuredFields(ImChannel channel) {
        Set<String> out = new TreeSet<>();
        for (String field : channel.credentialFields()) {
            if (get(channel.provider(), field).isPresent()) {
                out.add(field);
            }
        }
        return out;
    }

    /** Stores (or with a blank value removes) the given fields; the caller validated the names. */
    void store(String provider, Map<String, String> values, String userId) {
        tx.executeWithoutResult(s -> {
            values.forEach((field, value) -> {
                if (value.isBlank()) {
                    jdbc.sql("DELETE FROM im_credentials WHERE provider = :p AND field = :f")
                            .param("p", provider).param("f", field).update();
                } else {
                    jdbc.sql("""
                            INSERT INTO im_credentials (provider, field, value, updated_by) VALUES (:p, :f, :v, :u)
                            ON CONFLICT (provider, field) DO UPDATE SET value = EXCLUDED.value,
                                updated_by = EXCLUDED.updated_by, updated_at = now()""")
                            .param("p", provider).param("f", field).param("v", box.seal(owner(provider), field,
                                    value.strip()))
                            .param("u", userId).update();
                }
            });
            PgNotifications.notify(jdbc, CHANNEL, provider);
        });
        changed(provider);
    }

    /** Removes every stored value of the provider: the environment applies again. */
    void clear(String provider) {
        tx.executeWithoutResult(s -> {
            jdbc.sql("DELETE FROM im_credentials WHERE provider = :p").param("p", provider).update();
            PgNotifications.notify(jdbc, CHANNEL, provider);
        });
        changed(provider);
    }

    void switchOn(String provider, boolean on) {
        tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    INSERT INTO im_provider_settings (provider, enabled) VALUES (:p, :on)
                    ON CONFLICT (provider) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()""")
                    .param("p", provider).param("on", on).update();
            PgNotifications.notify(jdbc, CHANNEL, provider);
        });
        changed(provider);
    }

    private void changed(String provider) {
        cache.remove(provider);
        channel(provider).ifPresent(this::tell);
    }

    private void tell(ImChannel channel) {
        Thread.ofVirtual().name("im-credentials-" + channel.provider()).start(() -> {
            try {
                channel.credentialsChanged();
            } catch (RuntimeException e) {
                log.warn("{} could not apply its new credentials", channel.provider(), e);
            }
        });
    }

    private Snapshot snapshot(String provider) {
        return cache.computeIfAbsent(provider, this::load);
    }

    private Snapshot load(String provider) {
        Map<String, String> values = new HashMap<>();
        List<Row> rows = jdbc.sql("SELECT field, value FROM im_credentials WHERE provider = :p").param("p", provider)
                .query((rs, i) -> new Row(rs.getString("field"), rs.getString("value"))).list();
        for (Row row : rows) {
            Optional<String> plain = box.open(owner(provider), row.field(), row.value());
            if (plain.isPresent()) {
                values.put(row.field(), plain.get());
            } else {
                log.warn("The stored {} credential {} cannot be decrypted (POCO_SECRET_KEY changed?); ignoring it",
                        provider, row.field());
            }
        }
        boolean on = jdbc.sql("SELECT enabled FROM im_provider_settings WHERE provider = :p").param("p", provider)
                .query(Boolean.class).optional().orElse(true);
        return new Snapshot(Map.copyOf(values), on);
    }

    private Optional<ImChannel> channel(String provider) {
        return channels.orderedStream().filter(c -> c.provider().equals(provider)).findFirst();
    }

    private static String owner(String provider) {
        return "im:" + provider;
    }

    private record Row(String field, String value) {}
}
