package dev.poco.server.slashcommands;

import dev.poco.server.common.FrontMatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code .md} file the runner stages for a command (reference §3.17): structured commands get
 * front matter from their fields, raw ones lose any {@code model:} key, skills get an alias.
 */
final class CommandMarkdown {

    static final String ALIAS_ARGUMENT_HINT = "Describe the task for this skill";

    private final ObjectMapper mapper;

    CommandMarkdown(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    static String aliasDescription(String skill) {
        return "Run skill: " + skill;
    }

    String render(SlashCommand command) {
        if (SlashCommand.RAW.equals(command.mode())) {
            return FrontMatter.withoutKey(Objects.requireNonNullElse(command.rawMarkdown(), ""), "model");
        }
        String body = Objects.requireNonNullElse(command.content(), "").stripTrailing() + "\n";
        List<String> header = new ArrayList<>();
        line(header, "allowed-tools", command.allowedTools());
        line(header, "description", command.description());
        line(header, "argument-hint", command.argumentHint());
        return header.isEmpty() ? body : "---\n" + String.join("\n", header) + "\n---\n\n" + body;
    }

    /** A command that tells the agent to apply the skill of that name to the arguments. */
    String alias(String skill) {
        return "---\n"
                + "description: " + quoted(aliasDescription(skill)) + "\n"
                + "argument-hint: " + quoted(ALIAS_ARGUMENT_HINT) + "\n"
                + "---\n\n"
                + "Use the skill `" + skill + "` for this task: read ~/.claude/skills/" + skill
                + "/SKILL.md and follow it.\n\n"
                + "Treat the following arguments as the task details:\n\n"
                + "$ARGUMENTS\n";
    }

    private void line(List<String> header, String key, @Nullable String value) {
        if (value != null) {
            header.add(key + ": " + quoted(value));
        }
    }

    /** A JSON string is a valid YAML double-quoted scalar, as poco writes it. */
    private String quoted(String value) {
        return mapper.writeValueAsString(value);
    }
}
