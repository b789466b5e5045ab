package dev.poco.server.slashcommands;

import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.Json;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.Texts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Slash command use cases (reference {@code slash_commands.py}, §3.17); every command belongs to one user. */
@Service
public class SlashCommandService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** Built into Claude Code; a file of that name would never run. */
    private static final Set<String> RESERVED = Set.of("clear", "compact", "help");

    private final SlashCommandRepository commands;
    private final EnabledSkills skills;
    private final CommandMarkdown markdown;

    SlashCommandService(SlashCommandRepository commands, EnabledSkills skills, Json json) {
        this.commands = commands;
        this.skills = skills;
        this.markdown = new CommandMarkdown(json.mapper());
    }

    @Transactional(readOnly = true)
    List<SlashCommand> list(Caller caller) {
        return commands.listByUser(caller.userId());
    }

    @Transactional(readOnly = true)
    SlashCommand require(Caller caller, int id) {
        return commands.find(id).filter(c -> caller.owns(c.userId()))
                .orElseThrow(() -> new NotFoundException(ErrorCode.SLASH_COMMAND_NOT_FOUND,
                        "Slash command not found: " + id));
    }

    @Transactional
    SlashCommand create(Caller caller, SlashCommandRequests.Create r) {
        String name = name(r.name());
        if (commands.nameTaken(caller.userId(), name, -1)) {
            throw alreadyExists(name);
        }
        String mode = mode(r.mode() == null ? SlashCommand.RAW : r.mode());
        CommandFields fields = new CommandFields(name, r.enabled() == null || r.enabled(), mode,
                Texts.trimToNull(r.description()), Texts.trimToNull(r.argumentHint()),
                Texts.trimToNull(r.allowedTools()), blankToNull(r.content()), blankToNull(r.rawMarkdown()));
        return commands.insert(caller.userId(), checkMode(fields));
    }

    @Transactional
    SlashCommand update(Caller caller, int id, SlashCommandRequests.Update r) {
        SlashCommand c = require(caller, id);
        String name = r.name() == null ? c.name() : name(r.name());
        if (!name.equals(c.name()) && commands.nameTaken(caller.userId(), name, id)) {
            throw alreadyExists(name);
        }
        CommandFields changed = new CommandFields(name, r.enabled() == null ? c.enabled() : r.enabled(),
                r.mode() == null ? c.mode() : mode(r.mode()),
                r.description() == null ? c.description() : Texts.trimToNull(r.description()),
                r.argumentHint() == null ? c.argumentHint() : Texts.trimToNull(r.argumentHint()),
                r.allowedTools() == null ? c.allowedTools() : Texts.trimToNull(r.allowedTools()),
                r.content() == null ? c.content() : blankToNull(r.content()),
                r.rawMarkdown() == null ? c.rawMarkdown() : blankToNull(r.rawMarkdown()));
        return commands.update(id, checkMode(changed));
    }

    @Transactional
    void delete(Caller caller, int id) {
        require(caller, id);
        commands.delete(id);
    }

    /**
     * The composer's completions: the caller's enabled commands ({@code custom}) and one alias per
     * enabled skill ({@code skill}); a custom command hides an alias of the same name. By name.
     */
    @Transactional(readOnly = true)
    List<SlashCommandSuggestion> suggestions(Caller caller) {
        Map<String, SlashCommandSuggestion> byName = new LinkedHashMap<>();
        for (SlashCommand c : commands.listByUser(caller.userId())) {
            if (c.enabled() && isValidName(c.name())) {
                byName.put(c.name(), new SlashCommandSuggestion(c.name(), c.description(), c.argumentHint(), "custom"));
            }
        }
        for (String skill : skills.names(caller.userId())) {
            if (isValidName(skill)) {
                byName.putIfAbsent(skill, new SlashCommandSuggestion(skill, CommandMarkdown.aliasDescription(skill),
                        CommandMarkdown.ALIAS_ARGUMENT_HINT, "skill"));
            }
        }
        List<SlashCommandSuggestion> sorted = new ArrayList<>(byName.values());
        sorted.sort(Comparator.comparing(SlashCommandSuggestion::name));
        return sorted;
    }

    /**
     * The runner's command files, {@code {name: markdown}}: the caller's enabled commands (only the
     * requested {@code names} when any of them is valid) and an alias for each skill in
     * {@code skillNames} (null: the caller's enabled skills); custom commands win over aliases.
     */
    @Transactional(readOnly = true)
    public Map<String, String> resolve(Caller caller, @Nullable List<String> names, @Nullable List<String> skillNames) {
        Set<String> wanted = validNames(names);
        Map<String, String> files = new LinkedHashMap<>();
        commands.listByUser(caller.userId()).stream()
                .filter(c -> c.enabled() && isValidName(c.name()))
                .filter(c -> wanted.isEmpty() || wanted.contains(c.name()))
                .sorted(Comparator.comparing(SlashCommand::name))
                .forEach(c -> files.put(c.name(), markdown.render(c)));
        Set<String> aliases = skillNames == null ? validNames(skills.names(caller.userId())) : validNames(skillNames);
        aliases.forEach(skill -> files.putIfAbsent(skill, markdown.alias(skill)));
        return files;
    }

    /** raw needs {@code raw_markdown}, structured needs {@code content}; the other mode's payload is dropped. */
    private static CommandFields checkMode(CommandFields c) {
        if (SlashCommand.RAW.equals(c.mode())) {
            if (c.rawMarkdown() == null) {
                throw new BadRequestException("raw_markdown is required in raw mode");
            }
            return new CommandFields(c.name(), c.enabled(), c.mode(), c.description(), c.argumentHint(),
                    c.allowedTools(), null, c.rawMarkdown());
        }
        if (c.content() == null) {
            throw new BadRequestException("content is required in structured mode");
        }
        return new CommandFields(c.name(), c.enabled(), c.mode(), c.description(), c.argumentHint(),
                c.allowedTools(), c.content(), null);
    }

    private static String name(@Nullable String value) {
        String name = Objects.requireNonNullElse(value, "").strip();
        if (!NAME.matcher(name).matches()) {
            throw new BadRequestException("Invalid command name '" + Texts.truncate(name, 80)
                    + "': use letters, digits, '.', '_' and '-' only");
        }
        if (RESERVED.contains(name)) {
            throw new BadRequestException("Command name '" + name + "' is reserved by Claude Code");
        }
        return name;
    }

    private static String mode(String value) {
        String mode = value.strip();
        if (!mode.equals(SlashCommand.RAW) && !mode.equals(SlashCommand.STRUCTURED)) {
            throw new BadRequestException("mode must be \"raw\" or \"structured\"");
        }
        return mode;
    }

    private static boolean isValidName(String name) {
        return NAME.matcher(name).matches() && !RESERVED.contains(name);
    }

    /** Trimmed, valid, not reserved, sorted, without duplicates; a leading {@code /} is tolerated. */
    private static Set<String> validNames(@Nullable List<String> names) {
        Set<String> valid = new TreeSet<>();
        if (names != null) {
            for (String raw : names) {
                String name = raw.strip();
                name = name.startsWith("/") ? name.substring(1) : name;
                if (isValidName(name)) {
                    valid.add(name);
                }
            }
        }
        return valid;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static ConflictException alreadyExists(String name) {
        return new ConflictException(ErrorCode.SLASH_COMMAND_ALREADY_EXISTS, "Slash command already exists: " + name);
    }
}
