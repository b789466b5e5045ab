package dev.poco.testkit.anthropic;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ready-made responders for {@link FakeAnthropicServer#respondWith} and
 * {@link FakeAnthropicServer#enqueue(Function)}. All are stateless and thread-safe.
 */
public final class Responders {

    private static final Pattern RUN_LINE = Pattern.compile("^\\s*run:\\s*(\\S.*?)\\s*$", Pattern.MULTILINE);
    private static final int MAX_QUOTED_CHARS = 2000;

    private Responders() {}

    /**
     * Answers {@code afterToolResult} when the last user message carries a tool_result, and
     * {@code otherwise} before that: the usual one-tool-call agent turn, as a single responder.
     */
    public static Function<RecordedRequest, Reply> afterToolResult(Reply afterToolResult, Reply otherwise) {
        return request -> request.hasToolResult() ? afterToolResult : otherwise;
    }

    /**
     * The demo model, for manual demos and the standalone server:
     *
     * <ol>
     *   <li>if the last user message holds a tool_result, a final text quoting its output;
     *   <li>else, if the prompt has a line {@code run: <shell command>} and {@code Bash} is among
     *       the tools offered, a {@code Bash} tool call running that command;
     *   <li>else a text echoing the prompt, with a hint about {@code run:}.
     * </ol>
     */
    public static Function<RecordedRequest, Reply> demo() {
        return Responders::demoReply;
    }

    private static Reply demoReply(RecordedRequest request) {
        if (request.hasToolResult()) {
            List<String> ids = request.toolResultIds();
            String output = ids.isEmpty() ? "" : request.toolResultContent(ids.getFirst()).orElse("").strip();
            return Reply.text(output.isEmpty()
                    ? "Done. The command finished without output."
                    : "Done. The command printed:\n\n```\n" + truncate(output) + "\n```");
        }
        String prompt = request.lastUserPrompt();
        Matcher run = RUN_LINE.matcher(prompt);
        if (run.find() && request.toolNames().contains("Bash")) {
            return Reply.bash(run.group(1), "Run the command the user asked for");
        }
        return Reply.text("You said: " + truncate(prompt) + "\n\n(This is Poco's fake model. Put a line "
                + "`run: <shell command>` in your message and I will run it with the Bash tool.)");
    }

    private static String truncate(String text) {
        return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "…";
    }
}
