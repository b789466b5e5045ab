package dev.poco.server.tasks;

import dev.poco.protocol.PermissionMode;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.Json;
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
import dev.poco.server.titles.SessionTitles;
import dev.poco.server.usage.UsageService;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /tasks}: the prompt, the config snapshot and a queued run, in one transaction; the
 * runners are woken when it commits. Scheduled tasks queue their fires through the same code
 * ({@link #pinConfig}, {@link #enqueueScheduled}).
 */
@Service
public class TaskService {

    /** poco's session kind for the sessions scheduled tasks run in. */
    public static final String KIND_SCHEDULED = "scheduled";
    /** The schedule mode of a scheduled task's runs. */
    public static final String SCHEDULE_MODE_SCHEDULED = "scheduled";

    /** A scheduled task's config, resolved and pinned when it is created; its input files apart. */
    public record PinnedConfig(ObjectNode snapshot, @Nullable JsonNode inputFiles) {}

    /**
     * One fire of a scheduled task: its prompt, pinned config and files, the session it reuses (null: a new one per
     * run), and when the run is due.
     */
    public record ScheduledPrompt(UUID scheduledTaskId, @Nullable String prompt, @Nullable UUID sessionId,
            @Nullable JsonNode config, @Nullable JsonNode inputFiles, @Nullable OffsetDateTime scheduledAt) {}

    private final SessionService sessions;
    private final ProjectService projects;
    private final MessageService messages;
    private final RunLifecycle lifecycle;
    private final ConfigSnapshots snapshots;
    private final Json json;
    private final EnvVarService envVars;
    private final SessionTitles titles;
    private final UsageService usage;

    TaskService(SessionService sessions, ProjectService projects, MessageService messages, RunLifecycle lifecycle,
            ConfigSnapshots snapshots, Json json, EnvVarService envVars, SessionTitles titles, UsageService usage) {
        this.envVars = envVars;
        this.usage = usage;
        this.titles = titles;
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
        usage.requireWithinBudget(caller);
        Schedules.Resolved schedule = Schedules.resolve(request.scheduleMode(), request.timezone(), request.scheduledAt());
        // an editor of a shared project starts tasks in it too; a viewer is refused
        Project project = request.projectId() == null ? null : projects.requireEditable(caller, request.projectId());
        String repoUrl = checkRepository(caller, request.config());

        Session session;
        if (request.sessionId() != null) {
            session = sessions.requireEditable(caller, request.sessionId());
            sessions.lock(session.id());
            if (request.projectId() != null && !request.projectId().equals(session.projectId())) {
                throw new BadRequestException("project_id does not match the session");
            }
        } else {
            session = sessions.create(caller.userId(), request.projectId(), null, SessionService.KIND_CHAT,
                    titles.initial(prompt));
            titles.generateAfterCommit(session.id(), prompt);
        }
        // the run acts as the session's owner (the runner loads their skills and secrets): an editor's follow-up in
        // someone else's session resolves the config as that owner would; uploaded files stay the caller's own
        ObjectNode config = snapshots.build(session.userId(), session.configSnapshot(), request.config(), project);
        // the session's project, also on follow-ups that do not name it (poco applies repo defaults only when named)
        ObjectNode runConfig = snapshots.forRun(caller.userId(), config, request.config(),
                project != null ? project.network() : projects.networkOf(session.userId(), session.projectId()));

        if (repoUrl != null) { // stored as poco normalises it, which is what the runner clones
            config.put("repo_url", repoUrl);
            runConfig.put("repo_url", repoUrl);
        }
        return queue(session, prompt, config, runConfig, permissionMode, schedule.mode(), schedule.scheduledAt(), null);
    }

    /**
     * A scheduled task's config (poco §3.7): the builder {@code POST /tasks} uses, from an empty base, so install
     * toggles, the model and the project's repository are resolved now and pinned; the input files are checked and
     * kept apart, to be added to every run.
     */
    @Transactional(readOnly = true)
    public PinnedConfig pinConfig(Caller caller, @Nullable JsonNode config, @Nullable Project project) {
        String repoUrl = checkRepository(caller, config);
        ObjectNode snapshot = snapshots.build(caller.userId(), null, config, project);
        if (repoUrl != null) {
            snapshot.put("repo_url", repoUrl);
        }
        JsonNode files = snapshots.forRun(caller.userId(), snapshot, config, null).get("input_files");
        return new PinnedConfig(snapshot, files != null && files.isArray() ? files : null);
    }

    /**
     * Queues one run of a scheduled task as {@code POST /tasks} queues a prompt (poco §3.7): in the task's pinned
     * session (NOT_FOUND when it is gone) or a new {@code scheduled} session, with the pinned config plus the task's
     * files, permission mode {@code default}, schedule mode {@code scheduled}, tagged with the task.
     */
    @Transactional
    public TaskEnqueued enqueueScheduled(Caller caller, ScheduledPrompt fire) {
        String prompt = fire.prompt() == null ? "" : fire.prompt().strip();
        if (prompt.isEmpty()) {
            throw new BadRequestException("Prompt cannot be empty");
        }
        usage.requireWithinBudget(caller);
        Session session;
        if (fire.sessionId() != null) {
            session = sessions.require(caller, fire.sessionId());
            sessions.lock(session.id());
        } else {
            session = sessions.create(caller.userId(), null, null, KIND_SCHEDULED, titles.firstLine(prompt));
        }
        ObjectNode config = snapshots.build(caller.userId(), fire.config(), null, null);
        ObjectNode sent = json.object();
        if (fire.inputFiles() != null) {
            sent.set("input_files", fire.inputFiles());
        }
        ObjectNode runConfig = snapshots.forRun(caller.userId(), config, sent,
                projects.networkOf(session.userId(), session.projectId()));
        return queue(session, prompt, config, runConfig, PermissionMode.DEFAULT.wire(), SCHEDULE_MODE_SCHEDULED,
                fire.scheduledAt(), fire.scheduledTaskId());
    }

    /** The session becomes pending with the new config, the prompt is stored and its run queued. */
    private TaskEnqueued queue(Session session, String prompt, ObjectNode config, ObjectNode runConfig,
            String permissionMode, String scheduleMode, @Nullable OffsetDateTime scheduledAt,
            @Nullable UUID scheduledTaskId) {
        lifecycle.queueing(session.id(), SessionPatch.NONE.configSnapshot(config).statePatch(json.object()));
        Message message = messages.append(session.id(), null, "user", SdkMessages.userPrompt(prompt));
        Run run = lifecycle.enqueue(session.id(), message.id(), permissionMode, scheduleMode, scheduledAt,
                runConfig, scheduledTaskId);
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

}
