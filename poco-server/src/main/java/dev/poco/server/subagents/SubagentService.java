package dev.poco.server.subagents;

import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.FrontMatter;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.Texts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Subagent use cases (reference {@code subagents.py}, §3.18); every subagent belongs to one user. */
@Service
public class SubagentService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int MAX_TOOLS = 64;

    private final SubagentRepository agents;

    SubagentService(SubagentRepository agents) {
        this.agents = agents;
    }

    /** Ids of the user's enabled subagents, oldest first: the default subagents of a new task. */
    @Transactional(readOnly = true)
    public List<Integer> enabledIds(String userId) {
        return agents.listByUser(userId).reversed().stream().filter(Subagent::enabled).map(Subagent::id).toList();
    }

    @Transactional(readOnly = true)
    List<Subagent> list(Caller caller) {
        return agents.listByUser(caller.userId());
    }

    @Transactional(readOnly = true)
    Subagent require(Caller caller, int id) {
        return agents.find(id).filter(a -> caller.owns(a.userId()))
                .orElseThrow(() -> new NotFoundException(ErrorCode.SUBAGENT_NOT_FOUND, "Subagent not found: " + id));
    }

    @Transactional
    Subagent create(Caller caller, SubagentRequests.Create r) {
        String name = name(r.name());
        if (agents.nameTaken(caller.userId(), name, -1)) {
            throw alreadyExists(name);
        }
        SubagentFields fields = new SubagentFields(name, r.enabled() == null || r.enabled(),
                mode(r.mode() == null ? Subagent.STRUCTURED : r.mode()), Texts.trimToNull(r.description()),
                Texts.trimToNull(r.prompt()), tools(r.tools()), Texts.trimToNull(r.rawMarkdown()));
        return agents.insert(caller.userId(), checkMode(fields));
    }

    @Transactional
    Subagent update(Caller caller, int id, SubagentRequests.Update r) {
        Subagent a = require(caller, id);
        String name = r.name() == null ? a.name() : name(r.name());
        if (!name.equals(a.name()) && agents.nameTaken(caller.userId(), name, id)) {
            throw alreadyExists(name);
        }
        SubagentFields fields = new SubagentFields(name, r.enabled() == null ? a.enabled() : r.enabled(),
                r.mode() == null ? a.mode() : mode(r.mode()),
                r.description() == null ? a.description() : Texts.trimToNull(r.description()),
                r.prompt() == null ? a.prompt() : Texts.trimToNull(r.prompt()),
                r.tools() == null ? a.tools() : tools(r.tools()),
                r.rawMarkdown() == null ? a.rawMarkdown() : Texts.trimToNull(r.rawMarkdown()));
        return agents.update(id, checkMode(fields));
    }

    @Transactional
    void delete(Caller caller, int id) {
        require(caller, id);
        agents.delete(id);
    }

    /**
     * poco's {@code /internal/subagents/resolve}: {@code ids} null → the caller's enabled subagents;
     * a list → those of the caller's, in that order, enabled or not; incomplete ones are skipped.
     */
    @Transactional(readOnly = true)
    public ResolvedSubagents resolve(Caller caller, @Nullable List<Integer> ids) {
        List<Subagent> mine = agents.listByUser(caller.userId()).reversed();
        List<Subagent> chosen = new ArrayList<>();
        if (ids == null) {
            mine.stream().filter(Subagent::enabled).forEach(chosen::add);
        } else {
            for (Integer id : new LinkedHashSet<>(ids)) {
                mine.stream().filter(a -> a.id() == id).findFirst().ifPresent(chosen::add);
            }
        }
        Map<String, ResolvedSubagents.Structured> structured = new LinkedHashMap<>();
        Map<String, String> raw = new LinkedHashMap<>();
        for (Subagent a : chosen) {
            if (Subagent.RAW.equals(a.mode())) {
                if (!Texts.isBlank(a.rawMarkdown())) {
                    raw.put(a.name(), FrontMatter.withoutKey(a.rawMarkdown(), "model"));
                }
            } else if (!Texts.isBlank(a.description()) && !Texts.isBlank(a.prompt())) {
                structured.put(a.name(), new ResolvedSubagents.Structured(Objects.requireNonNull(a.description()),
                        Objects.requireNonNull(a.prompt()), a.tools(), null));
            }
        }
        return new ResolvedSubagents(structured, raw);
    }

    /** Structured needs a description and a prompt, raw a markdown file naming the agent; the other payload goes. */
    private static SubagentFields checkMode(SubagentFields f) {
        if (Subagent.RAW.equals(f.mode())) {
            String raw = f.rawMarkdown();
            if (raw == null) {
                throw new BadRequestException("raw_markdown is required in raw mode");
            }
            String markdown = FrontMatter.withoutKey(raw, "model");
            Optional<String> declared = FrontMatter.value(markdown, "name");
            if (declared.isEmpty()) {
                throw new BadRequestException("raw_markdown needs YAML front matter with name: " + f.name());
            }
            if (!declared.get().equals(f.name())) {
                throw new BadRequestException("The name in the raw_markdown front matter ('"
                        + Texts.truncate(declared.get(), 80) + "') must equal the subagent name '" + f.name() + "'");
            }
            return new SubagentFields(f.name(), f.enabled(), f.mode(), f.description(), null, null, markdown);
        }
        if (f.description() == null) {
            throw new BadRequestException("description is required in structured mode");
        }
        if (f.prompt() == null) {
            throw new BadRequestException("prompt is required in structured mode");
        }
        return new SubagentFields(f.name(), f.enabled(), f.mode(), f.description(), f.prompt(), f.tools(), null);
    }

    /** Trimmed, blank ones and duplicates dropped, at most 64; none → null. */
    private static @Nullable List<String> tools(@Nullable List<String> tools) {
        if (tools == null) {
            return null;
        }
        Set<String> unique = new LinkedHashSet<>();
        tools.stream().map(String::strip).filter(t -> !t.isEmpty()).forEach(unique::add);
        if (unique.size() > MAX_TOOLS) {
            throw new BadRequestException("A subagent may list at most " + MAX_TOOLS + " tools, got " + unique.size());
        }
        return unique.isEmpty() ? null : List.copyOf(unique);
    }

    private static String name(@Nullable String value) {
        String name = Objects.requireNonNullElse(value, "").strip();
        if (!NAME.matcher(name).matches()) {
            throw new BadRequestException("Invalid subagent name '" + Texts.truncate(name, 80)
                    + "': use letters, digits, '.', '_' and '-' only");
        }
        return name;
    }

    private static String mode(String value) {
        String mode = value.strip();
        if (!mode.equals(Subagent.RAW) && !mode.equals(Subagent.STRUCTURED)) {
            throw new BadRequestException("mode must be \"structured\" or \"raw\"");
        }
        return mode;
    }

    private static ConflictException alreadyExists(String name) {
        return new ConflictException(ErrorCode.SUBAGENT_ALREADY_EXISTS, "Subagent already exists: " + name);
    }
}
