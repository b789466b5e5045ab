package dev.poco.server.accounts;

/** {@code GET /auth/status} (public): the auth mode, and whether first-run setup is still open. */
record AuthStatusView(String authMode, boolean setupRequired) {}
