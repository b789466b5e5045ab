/**
 * Who is calling. One place resolves the caller for every request ({@link dev.poco.server.auth.Caller},
 * injected into controller methods) and decides whether a request carries the runner token. Modes:
 * {@code single_user} (default; everything belongs to user {@code default}, loopback only),
 * {@code trusted_header} (poco's {@code X-User-Id}, for use behind a proxy that sets it) and
 * {@code password} and {@code oidc} (local accounts, signed in with a password or through an OpenID Connect
 * provider: a {@code poco_session} cookie looked up through
 * {@link dev.poco.server.auth.AccountSessions}, which the accounts module implements; anonymous API
 * calls get 401 except the public list in {@code SignInFilter}). Admins: the one user in
 * {@code single_user} mode, {@code POCO_ADMIN_USERS} in {@code trusted_header} mode, the account's role in
 * {@code password} mode ({@link dev.poco.server.auth.Caller#admin()}). Poco's own bearer credentials
 * ({@code poco_pat_} API tokens, {@code poco_runner_} registered runners) are checked through the
 * {@link dev.poco.server.auth.BearerCredentials} SPI, implemented by the features that store them
 * ({@code tokens}, {@code runners}).
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.poco.server.auth;

import org.jspecify.annotations.NullMarked;
