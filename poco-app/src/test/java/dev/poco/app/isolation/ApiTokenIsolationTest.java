package dev.poco.app.isolation;

import dev.poco.app.support.PasswordMode;

/**
 * The whole isolation enumeration ({@link IsolationTest}) in {@code POCO_AUTH_MODE=password} with A and B speaking
 * only through their personal API tokens ({@code Authorization: Bearer}).
 */
@PasswordMode
class ApiTokenIsolationTest extends IsolationTest {

    @Override
    AuthScheme newScheme() {
        return new ApiTokenScheme(base());
    }
}
