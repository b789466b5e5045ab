package dev.poco.app.isolation;

import dev.poco.app.support.PasswordMode;

/**
 * The whole isolation enumeration ({@link IsolationTest}) in {@code POCO_AUTH_MODE=password}: A and B are members
 * signed in with their {@code poco_session} cookies, and anonymous callers get 401 on every served endpoint except
 * {@link Endpoints#publicWithAccounts()}.
 */
@PasswordMode
class PasswordModeIsolationTest extends IsolationTest {}
