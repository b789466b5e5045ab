package dev.poco.server.auth;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code POCO_ADMIN_USERS}: comma-separated user ids with admin rights in {@code trusted_header} mode
 * (runner registration and revocation); empty by default. In {@code single_user} mode the one user
 * is the admin.
 */
@ConfigurationProperties("poco.admin")
public record AdminProperties(@Nullable List<String> users) {}
