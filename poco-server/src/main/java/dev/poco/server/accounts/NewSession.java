package dev.poco.server.accounts;

/** A fresh sign-in: the token for the cookie (shown once, stored hashed) and its user. */
record NewSession(String token, User user) {}
