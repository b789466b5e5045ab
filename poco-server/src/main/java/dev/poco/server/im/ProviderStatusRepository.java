package dev.poco.server.im;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code im_provider_status}: what each provider last received and last failed on, shared by replicas. */
/** Used by providers too (a failing long poll is a provider error). */
@Repository
public class ProviderStatusRepository {

    private final JdbcClient jdbc;

    ProviderStatusRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void received(String provider) {
        jdbc.sql("""
                INSERT INTO im_provider_status (provider, last_event_at) VALUES (:p, now())
                ON CONFLICT (provider) DO UPDATE SET last_event_at = now(), updated_at = now()""")
                .param("p", provider).update();
    }

    public void ok(String provider) {
        jdbc.sql("""
                INSERT INTO im_provider_status (provider, last_ok_at) VALUES (:p, now())
                ON CONFLICT (provider) DO UPDATE SET last_ok_at = now(), updated_at = now()""")
                .param("p", provider).update();
    }

    public void failed(String provider, String error) {
        jdbc.sql("""
                INSERT INTO im_provider_status (provider, last_error, last_error_at) VALUES (:p, :e, now())
                ON CONFLICT (provider) DO UPDATE SET last_error = :e, last_error_at = now(), updated_at = now()""")
                .param("p", provider).param("e", error.length() > 1000 ? error.substring(0, 1000) : error).update();
    }

    Optional<Status> find(String provider) {
        return jdbc.sql("SELECT * FROM im_provider_status WHERE provider = :p").param("p", provider)
                .query((rs, i) -> new Status(rs.getObject("last_event_at", OffsetDateTime.class),
                        rs.getString("last_error"), rs.getObject("last_error_at", OffsetDateTime.class),
                        rs.getObject("last_ok_at", OffsetDateTime.class)))
                .optional();
    }

    record Status(@Nullable OffsetDateTime lastEventAt, @Nullable String lastError,
            @Nullable OffsetDateTime lastErrorAt, @Nullable OffsetDateTime lastOkAt) {}
}
