package dev.poco.app.e2e;

import dev.poco.app.support.PasswordMode;

/** {@link TaskRunTest} in {@code POCO_AUTH_MODE=password}, as members signed in with their session cookies. */
@PasswordMode
class PasswordModeTaskRunTest extends TaskRunTest {}
