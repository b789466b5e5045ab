package dev.poco.server.envvars;

import dev.poco.server.auth.Caller;

/** Stores a user's env var as the API would, for tests whose server offers no API for that user. */
public final class EnvVarsForTests {

    private EnvVarsForTests() {}

    public static void create(EnvVarService service, String owner, String key, String value) {
        service.create(new Caller(owner), new CreateEnvVarRequest(key, value, null));
    }
}
