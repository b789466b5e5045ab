package dev.poco.app;

import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;

/**
 * The server's own model calls (a new session's title) reach the same fake model as the agent. Tests declare them
 * {@link FakeAnthropicServer#aside aside} so that the agent's scripted turns and request counts are not shifted by a
 * title request racing the CLI's first one.
 */
public final class ServerModelCalls {

    /** The title every new session gets from the fake model unless a test scripts its own. */
    public static final String TITLE = "A test session";

    private ServerModelCalls() {}

    /** Whether {@code request} is the server's title request (poco §3.9), by its system prompt. */
    public static boolean isTitleRequest(RecordedRequest request) {
        return !request.isStreaming() && request.json().path("system").toString().contains("You write titles");
    }

    /** Answers title requests with {@link #TITLE}, aside from the agent's requests. */
    public static FakeAnthropicServer answerAside(FakeAnthropicServer model) {
        return model.aside(ServerModelCalls::isTitleRequest, request -> Reply.text(TITLE));
    }
}
