package dev.poco.testkit.anthropic;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/** One content block of a scripted assistant message, rendered in the order given. */
public sealed interface ContentBlock {

    /**
     * A {@code text} block, streamed as one {@code text_delta} per word (each word keeps the
     * whitespace that follows it).
     */
    record Text(String text) implements ContentBlock {

        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A {@code tool_use} block, streamed as {@code input_json_delta}s that together form
     * {@code input}; at least two of them.
     *
     * @param id the {@code toolu_…} id, or {@code null} to generate a fresh one each time the block
     *     is rendered (so a reply reused as the default never repeats an id)
     * @param name the tool name, e.g. {@code Bash}
     * @param input the tool input; copied, never shared with the caller
     */
    record ToolUse(@Nullable String id, String name, ObjectNode input) implements ContentBlock {

        public ToolUse {
            Objects.requireNonNull(name, "name");
            input = Objects.requireNonNull(input, "input").deepCopy();
        }

        @Override
        public ObjectNode input() {
            return input.deepCopy();
        }
    }

    /**
     * A {@code thinking} block, streamed as {@code thinking_delta}s followed by one
     * {@code signature_delta}.
     */
    record Thinking(String thinking, String signature) implements ContentBlock {

        public Thinking {
            Objects.requireNonNull(thinking, "thinking");
            Objects.requireNonNull(signature, "signature");
        }
    }
}
