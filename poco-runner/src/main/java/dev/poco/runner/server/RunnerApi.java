package dev.poco.runner.server;

import dev.poco.protocol.CallbackRequest;
import dev.poco.protocol.CallbackResponse;
import dev.poco.protocol.ClaimBatchRequest;
import dev.poco.protocol.ClaimRequest;
import dev.poco.protocol.ClaimedRun;
import dev.poco.protocol.CreateUserInputRequest;
import dev.poco.protocol.Envelope;
import dev.poco.protocol.FailRunRequest;
import dev.poco.protocol.HeartbeatRequest;
import dev.poco.protocol.NetworkEventsRequest;
import dev.poco.protocol.RunDeltasRequest;
import dev.poco.protocol.RunDirective;
import dev.poco.protocol.RunView;
import dev.poco.protocol.UserInputRequestView;
import dev.poco.protocol.WorkerRequest;
import dev.poco.protocol.WorkspaceExportBase;
import dev.poco.protocol.WorkspaceExportRequest;
import dev.poco.protocol.WorkspaceManifest;
import dev.poco.protocol.permissions.PermissionRules;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The server's runner-facing HTTP API, as Spring's HTTP interface client sees it: every call a
 * runner makes, answered in poco's envelope. {@link ServerClient} builds the proxy over a
 * {@code RestClient} (runner token, timeouts, error mapping) and unwraps the envelope; nothing else
 * uses this interface.
 */
@HttpExchange(url = "/api/v1", accept = "application/json", contentType = "application/json")
interface RunnerApi {

    /** Long-poll: held by the server up to {@code wait_seconds}; {@code data} is null when nothing came. */
    @PostExchange("/runs/claim")
    Envelope<ClaimedRun> claim(@RequestBody ClaimRequest request);

    /**
     * Poco's batch claim: up to {@code max} runs in one long-poll; {@code data} is the list (empty when
     * nothing came). A server without it (poco's own) answers 404.
     */
    @PostExchange("/internal/runs/claims")
    Envelope<List<ClaimedRun>> claimBatch(@RequestBody ClaimBatchRequest request);

    /** This worker stopped claiming: its pending claims end empty, its unstarted claims go back to the queue. */
    @PostExchange("/internal/runs/claims/release")
    Envelope<ClaimRelease> releaseClaims(@RequestBody WorkerRequest request);

    @PostExchange("/runs/{runId}/start")
    Envelope<RunView> start(@PathVariable UUID runId, @RequestBody WorkerRequest request);

    @PostExchange("/runs/{runId}/fail")
    Envelope<RunView> fail(@PathVariable UUID runId, @RequestBody FailRunRequest request);

    @PostExchange("/runs/{runId}/heartbeat")
    Envelope<RunDirective> heartbeat(@PathVariable UUID runId, @RequestBody HeartbeatRequest request);

    /** Long-poll until the run's status differs from {@code status}. */
    @GetExchange("/runs/{runId}/watch")
    Envelope<RunDirective> watch(@PathVariable UUID runId, @RequestParam("status") String status,
            @RequestParam("wait_seconds") int waitSeconds);

    @PostExchange("/callback")
    Envelope<CallbackResponse> callback(@RequestBody CallbackRequest request);

    @PostExchange("/callbacks")
    Envelope<List<CallbackResponse>> callbacks(@RequestBody CallbackBatch batch);

    @PostExchange("/internal/user-input-requests")
    Envelope<UserInputRequestView> createQuestion(@RequestBody CreateUserInputRequest request);

    /** Long-poll until the question is answered or expires. */
    @GetExchange("/internal/user-input-requests/{id}")
    Envelope<UserInputRequestView> awaitQuestion(@PathVariable UUID id, @RequestParam("wait_seconds") int waitSeconds);

    // poco's internal memory routes, for the owner of the session (the agent's __poco_memory tools)

    @PostExchange("/internal/memories")
    Envelope<JsonNode> createMemories(@RequestParam("session_id") UUID sessionId, @RequestBody Map<String, ?> body);

    @GetExchange("/internal/memories")
    Envelope<JsonNode> listMemories(@RequestParam("session_id") UUID sessionId);

    @PostExchange("/internal/memories/search")
    Envelope<JsonNode> searchMemories(@RequestParam("session_id") UUID sessionId, @RequestBody Map<String, ?> body);

    @GetExchange("/internal/memories/{memoryId}")
    Envelope<JsonNode> memory(@RequestParam("session_id") UUID sessionId, @PathVariable String memoryId);

    @PutExchange("/internal/memories/{memoryId}")
    Envelope<JsonNode> updateMemory(@RequestParam("session_id") UUID sessionId, @PathVariable String memoryId,
            @RequestBody Map<String, ?> body);

    @GetExchange("/internal/memories/{memoryId}/history")
    Envelope<JsonNode> memoryHistory(@RequestParam("session_id") UUID sessionId, @PathVariable String memoryId);

    @DeleteExchange("/internal/memories/{memoryId}")
    Envelope<JsonNode> deleteMemory(@RequestParam("session_id") UUID sessionId, @PathVariable String memoryId);

    @DeleteExchange("/internal/memories")
    Envelope<JsonNode> deleteMemories(@RequestParam("session_id") UUID sessionId);

    /** The attachment's bytes, not an envelope; the caller closes the stream. */
    @GetExchange(url = "/internal/attachments/content", accept = "*/*")
    ResponseEntity<InputStream> attachment(@RequestParam("source") String source);

    /** What the last export of the session left: its manifest (to skip unchanged files) and the size cap. */
    @GetExchange("/internal/sessions/{sessionId}/workspace/export")
    Envelope<WorkspaceExportBase> exportBase(@PathVariable UUID sessionId);

    /**
     * One workspace file ({@code /a/b}), its bytes streamed from {@code content}, whose
     * {@code contentLength()} is sent as {@code Content-Length} (the server refuses chunked uploads).
     */
    @PutExchange(url = "/internal/sessions/{sessionId}/workspace/export/files", contentType = "application/octet-stream")
    Envelope<Void> exportFile(@PathVariable UUID sessionId, @RequestParam("path") String path,
            @RequestBody Resource content);

    /** A browser tool call's screenshot (PNG), keyed by its tool use id as poco keys it; a re-upload replaces it. */
    @PutExchange(url = "/internal/sessions/{sessionId}/computer/browser/{toolUseId}", contentType = "image/png")
    Envelope<tools.jackson.databind.JsonNode> browserScreenshot(@PathVariable UUID sessionId,
            @PathVariable String toolUseId, @RequestBody Resource png);

    /** The zip of the whole workspace, streamed like {@link #exportFile}. */
    @PutExchange(url = "/internal/sessions/{sessionId}/workspace/export/archive", contentType = "application/zip")
    Envelope<Void> exportArchive(@PathVariable UUID sessionId, @RequestBody Resource zip);

    /**
     * The session's whole workspace after run {@code runId} (a gzip'd tar: git history and transcript included),
     * streamed like {@link #exportFile}, for a later run of the session on another runner.
     */
    @PutExchange(url = "/internal/sessions/{sessionId}/workspace/state", contentType = "application/gzip")
    Envelope<Void> putWorkspaceState(@PathVariable UUID sessionId, @RequestParam("run_id") UUID runId,
            @RequestBody Resource archive);

    /**
     * The session's stored workspace state, raw, the run it holds in {@code X-Poco-State-Run}; 304 when {@code
     * ifNoneMatch} names that run, 404 when none is stored. The caller closes the body.
     */
    @GetExchange(url = "/internal/sessions/{sessionId}/workspace/state", accept = "*/*")
    ResponseEntity<InputStream> workspaceState(@PathVariable UUID sessionId,
            @RequestHeader(name = "If-None-Match", required = false) @Nullable String ifNoneMatch);

    /** Forgets the session's stored state (this runner could not upload a newer one). */
    @DeleteExchange("/internal/sessions/{sessionId}/workspace/state")
    Envelope<Void> dropWorkspaceState(@PathVariable UUID sessionId);

    /** The file list (the server writes the manifest, export {@code ready}), or the failure (export {@code failed}). */
    @PostExchange("/internal/sessions/{sessionId}/workspace/export")
    Envelope<WorkspaceManifest> commitExport(@PathVariable UUID sessionId, @RequestBody WorkspaceExportRequest request);

    /** The permission rules a run of this session works under (the owner's and its project's). */
    @GetExchange("/internal/sessions/{sessionId}/permission-rules")
    Envelope<PermissionRules> permissionRules(@PathVariable UUID sessionId);

    /** The user answered "always allow": save {@code rule} as an allow rule of the session's project. */
    @PostExchange("/internal/sessions/{sessionId}/permission-rules")
    Envelope<Map<String, String>> allowRule(@PathVariable UUID sessionId, @RequestBody Map<String, String> rule);

    // ---- capabilities: the internal resolve endpoints, for the run's owner (X-User-Id) -------------------------

    /** The user whose configuration is resolved (the run's owner). */
    String USER_HEADER = "X-User-Id";

    /** Where a skill's package (a zip of its files) is downloaded; the plugin path is {@link #PLUGIN_PACKAGE}. */
    String SKILL_PACKAGE = "/internal/skills/{id}/package";
    String PLUGIN_PACKAGE = "/internal/plugins/{id}/package";

    /** {@code {KEY: value}}: the user's secrets over the system ones, empty values left out. */
    @GetExchange("/internal/env-vars/map")
    Envelope<Map<String, String>> envVars(@RequestHeader(USER_HEADER) String userId);

    /** {@code {<server key>: <server definition>}}, placeholders not expanded. */
    @PostExchange("/internal/mcp-config/resolve")
    Envelope<Map<String, JsonNode>> resolveMcpConfig(@RequestHeader(USER_HEADER) String userId,
            @RequestBody McpResolve request);

    @PostExchange("/internal/skill-config/resolve")
    Envelope<Map<String, ResolveAnswers.Package>> resolveSkillConfig(@RequestHeader(USER_HEADER) String userId,
            @RequestBody SkillResolve request);

    @PostExchange("/internal/plugin-config/resolve")
    Envelope<Map<String, ResolveAnswers.Package>> resolvePluginConfig(@RequestHeader(USER_HEADER) String userId,
            @RequestBody PluginResolve request);

    @PostExchange("/internal/subagents/resolve")
    Envelope<ResolveAnswers.Subagents> resolveSubagents(@RequestHeader(USER_HEADER) String userId,
            @RequestBody SubagentResolve request);

    /** {@code {<command name>: <markdown file text>}}: custom commands and one alias per skill. */
    @PostExchange("/internal/slash-commands/resolve")
    Envelope<Map<String, String>> resolveSlashCommands(@RequestHeader(USER_HEADER) String userId,
            @RequestBody SlashCommandResolve request);

    @GetExchange("/internal/claude-md")
    Envelope<ResolveAnswers.ClaudeMd> claudeMd(@RequestHeader(USER_HEADER) String userId);

    /**
     * The run's setup in one answer: the env-var map, MCP, skill and plugin configs, subagents, slash commands (null
     * when skills are asked for), CLAUDE.md and the session's permission rules, each as its own endpoint answers it.
     */
    /** What the run's egress gate opened and refused since the last batch; idempotent per (run, seq). */
    @PostExchange("/internal/runs/{runId}/network-events")
    Envelope<tools.jackson.databind.JsonNode> networkEvents(@PathVariable UUID runId,
            @RequestBody NetworkEventsRequest events);

    /** Pieces of the model's text for the session's live streams; the server stores nothing. */
    @PostExchange("/internal/runs/{runId}/deltas")
    Envelope<tools.jackson.databind.JsonNode> deltas(@PathVariable UUID runId, @RequestBody RunDeltasRequest deltas);

    @PostExchange("/internal/run-setup")
    Envelope<ResolveAnswers.Setup> runSetup(@RequestHeader(USER_HEADER) String userId,
            @RequestBody RunSetupRequest request);

    /** A skill's package as a zip, not an envelope; the caller closes the stream. */
    @GetExchange(url = SKILL_PACKAGE, accept = "*/*")
    ResponseEntity<InputStream> skillPackage(@RequestHeader(USER_HEADER) String userId, @PathVariable int id);

    /** A plugin's package as a zip, as {@link #skillPackage}. */
    @GetExchange(url = PLUGIN_PACKAGE, accept = "*/*")
    ResponseEntity<InputStream> pluginPackage(@RequestHeader(USER_HEADER) String userId, @PathVariable int id);

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record McpResolve(List<Integer> serverIds) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SkillResolve(List<Integer> skillIds) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PluginResolve(List<Integer> pluginIds) {}

    /** {@code subagent_ids} null: the user's enabled subagents; empty: none. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SubagentResolve(@Nullable List<Integer> subagentIds) {}

    /** {@code names} empty: every custom command; {@code skill_names}: the aliases to add. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SlashCommandResolve(List<String> names, List<String> skillNames) {}

    /** {@code subagent_ids} null: the user's enabled subagents; {@code slash_commands} empty: every custom command. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RunSetupRequest(UUID sessionId, List<Integer> mcpServerIds, List<Integer> skillIds, List<Integer> pluginIds,
            @Nullable List<Integer> subagentIds, List<String> slashCommands) {}

    // ---- end of capabilities ----------------------------------------------------------------------------------

    /** Body of {@code POST /callbacks}. */
    record CallbackBatch(List<CallbackRequest> callbacks) {}

    /** What {@code POST /internal/runs/claims/release} answers: runs put back in the queue. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ClaimRelease(int requeuedRuns) {}
}
