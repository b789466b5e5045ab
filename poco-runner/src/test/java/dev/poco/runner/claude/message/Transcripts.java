package dev.poco.runner.claude.message;

import dev.poco.runner.claude.FakeClaude;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The recorded CLI 2.1.197 transcripts, parsed (see {@code src/test/resources/transcripts/README.md}). */
public final class Transcripts {

    public static final List<String> ALL = List.of("ask-user-question", "bash-turn", "deny-interrupt",
            "interrupt-pending-question", "interrupt-slow", "plan-mode", "plan-mode-preapproved", "resume-first",
            "resume-second", "todo-thinking");
    public static final Set<String> CONTROL_TYPES = Set.of("control_request", "control_response", "control_cancel_request");

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Transcripts() {}

    public static List<ObjectNode> objects(String name) {
        return FakeClaude.lines(name).stream().map(line -> (ObjectNode) MAPPER.readTree(line)).toList();
    }

    /** The typed messages of a transcript, control traffic left out. */
    public static List<CliMessage> messages(String name) {
        return objects(name).stream().filter(o -> !CONTROL_TYPES.contains(o.get("type").asString()))
                .map(MessageParser::parse).flatMap(Optional::stream).toList();
    }

    public static ObjectNode json(String text) {
        return (ObjectNode) MAPPER.readTree(text);
    }
}
