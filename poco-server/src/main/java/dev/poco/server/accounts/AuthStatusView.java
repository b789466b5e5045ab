package dev.poco.server.accounts;

import org.jspecify.annotations.Nullable;

/**
 * {@code GET /auth/status} (public): the auth mode, whether first-run setup is still open, and in oidc mode the
 * sign-in button's provider name ({@code POCO_OIDC_PROVIDER_NAME}; null in the other modes).
 */
record AuthStatusView(String authMode, boolean setupRequired, @Nullable String oidcProviderName) {}
