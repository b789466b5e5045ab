package dev.poco.runner.run;

import dev.poco.runner.claude.message.AssistantMessage;
import dev.poco.runner.claude.message.CliMessage;
import dev.poco.runner.claude.message.ContentBlock;
import dev.poco.runner.claude.message.ToolResultBlock;
import dev.poco.runner.claude.message.ToolUseBlock;
import dev.poco.runner.claude.message.UserContent;
import dev.poco.runner.claude.message.UserMessage;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The agent's tool calls that have started and not yet got their results, followed from the CLI's messages, so that
 * a connection through the egress gate can name the tool call that made it. Thread-safe.
 */
final class OpenToolUses {

    private final Set<String> open = new LinkedHashSet<>();

    /** Follows one message of the CLI. */
    synchronized void follow(CliMessage message) {
        if (message instanceof AssistantMessage assistant) {
            for (ContentBlock block : assistant.content()) {
                if (block instanceof ToolUseBlock use) {
                    open.add(use.id());
                }
            }
        } else if (message instanceof UserMessage user && user.content() instanceof UserContent.Blocks blocks) {
            for (ContentBlock block : blocks.blocks()) {
                if (block instanceof ToolResultBlock result) {
                    open.remove(result.toolUseId());
                }
            }
        }
    }

    /** The one open tool call, or null when none or several are open (a connection could be any one's). */
    synchronized @Nullable String single() {
        return open.size() == 1 ? open.iterator().next() : null;
    }
}
