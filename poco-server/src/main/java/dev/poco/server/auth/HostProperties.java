package dev.poco.server.auth;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The names this server answers to. {@code POCO_ALLOWED_HOSTS} (comma list; {@code *} turns the
 * check off) replaces the default, which is localhost, 127.0.0.1, [::1], the machine's hostname,
 * HOST when it is a concrete address, and the host of {@code POCO_PUBLIC_URL} (the URL users and
 * runners reach the server at, for example behind a proxy).
 */
@ConfigurationProperties("poco.http")
public record HostProperties(@Nullable List<String> allowedHosts, @Nullable String publicUrl) {}
