package dev.poco.server.accounts;

import org.jspecify.annotations.Nullable;

/** {@code GET /auth/me}: who is signed in, and the server's auth mode (so the UI knows whether to offer sign-in). */
record MeView(String userId, @Nullable String username, @Nullable String displayName, String role,
        String authMode) {}
