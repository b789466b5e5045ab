package dev.poco.server.tasks;

import dev.poco.protocol.PermissionMode;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.Json;
import dev.poco.server.common.Texts;
import dev.poco.server.envvars.EnvVarService;
import dev.poco.server.messages.Message;
import dev.poco.server.messages.MessageService;
import dev.poco.server.messages.SdkMessages;
import dev.poco.server.projects.Project;
import dev.poco.server.projects.ProjectService;
import dev.poco.server.runs.Run;
import dev.poco.server.runs.RunLifecycle;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import dev.poco.server.sessions.SessionPatch;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /tasks}: the prompt, the config snapshot and a queued run, in one transaction; the
 * runners are woken when it commits.
 */
@Service
public class TaskService {

    private static final int TITLE_LENGTH = 80;

    private final SessionService sessions;
    private final ProjectService projects;
    private final MessageService messages;
    private final RunLifecycle lifecycle;
    private final ConfigSnapshots snapshots;
    private final Json json;
    private final EnvVarService envVars;

    TaskService(SessionService sessions, ProjectService projects, MessageService messages, RunLifecycle lifecycle,
            ConfigSnapshots snapshots, Json json, EnvVarService envVars) {
        this.envVars = envVars;
        this.sessions = sessions;
        this.projects = projects;
        this.messages = messages;
        this.lifecycle = lifecycle;
        this.snapshots = snapshots;
        this.json = json;
    }

    @Transactional
    public TaskEnqueued enqueue(Caller caller, TaskRequest request) {
        String prompt = request.prompt() == null ? "" : request.prompt().strip();
        if (prompt.isEmpty()) {
            throw new BadRequestException("Prompt cannot be empty");
        }
        String permissionMode = permissionMode(request.permissionMode());
        Schedules.Resolved schedule = Schedules.resolve(request.scheduleMode(), request.timezone(), request.scheduledAt());
        Project project = request.projectId() == null ? null : projects.require(caller, request.projectId());
        String repoUrl = checkRepository(caller, request.config());

        Session session;
        if (request.sessionId() != null) {
            session = sessions.require(caller, request.sessionId());
            sessions.lock(session.id());
            if (request.projectId() != null && !request.projectId().equals(session.projectId())) {
                throw new BadRequestException("project_id does not match the session");
            }
        } else {
            session = sessions.create(caller.userId(), request.projectId(), null, SessionService.KIND_CHAT,
                    title(prompt));
        }
        ObjectNode config = snapshots.build(caller.userId(), session.configSnapshot(), request.config(), project);
        // the session's project, also on follow-ups that do not name it (poco applies repo defaults only when named)
        ObjectNode runConfig = snapshots.forRun(caller.userId(), config, request.config(),
                project != null ? project.network() : projects.networkOf(session.userId(), session.projectId()));

        if (repoUrl != null) { // stored as poco normalises it, which is what the runner clones
            config.put("repo_url", repoUrl);
            runConfig.put("repo_url", repoUrl);
        }
        lifecycle.queueing(session.id(), SessionPatch.NONE.configSnapshot(config).statePatch(json.object()));

        Message message = messages.append(session.id(), null, "user", SdkMessages.userPrompt(prompt));
        Run run = lifecycle.enqueue(session.id(), message.id(), permissionMode, schedule.mode(), schedule.scheduledAt(),
                runConfig, null);
        return new TaskEnqueued(session.id(), run.id(), run.status().wire());
    }

    /**
     * A task's repository, checked before anything is stored (issue 13): poco's GitHub URL rule, and a
     * {@code git_token_env_key} must name one of the caller's secrets, or the run could only fail later.
     *
     * @return the normalised {@code repo_url}, or null when the task sends none
     */
    private @Nullable String checkRepository(Caller caller, @Nullable JsonNode config) {
        if (config == null || !config.isObject()) {
            return null;
        }
        JsonNode key = config.get("git_token_env_key");
        if (key != null && key.isString() && !key.asString().isBlank()
                && !envVars.map(caller.userId()).values().containsKey(key.asString().strip())) {
            throw new BadRequestException("git_token_env_key names " + key.asString().strip() + ", but you have no"
                    + " secret of that name: add it under Settings → Secrets");
        }
        JsonNode url = config.get("repo_url");
        return url == null || !url.isString() || url.asString().isBlank() ? null
                : projects.normalizeRepoUrl(url.asString());
    }

    static String permissionMode(@Nullable String value) {
        String mode = value == null ? PermissionMode.DEFAULT.wire() : value.strip();
        return PermissionMode.fromWire(mode).map(PermissionMode::wire).orElseThrow(() -> new BadRequestException(
                "permission_mode must be one of default, acceptEdits, plan, bypassPermissions"));
    }

    /**
     * A session title from the prompt's first line, so the sidebar never shows "Untitled".
     * (poco asks the model for a title when ANTHROPIC_API_KEY is set; that is not done here.)
     */
    static String title(String prompt) {
        String firstLine = prompt.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(prompt);
        String title = Texts.truncate(firstLine, TITLE_LENGTH);
        return title.length() < firstLine.length() ? title.stripTrailing() + "…" : title;
    }
}
