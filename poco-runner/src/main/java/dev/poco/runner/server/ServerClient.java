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
import dev.poco.protocol.NetworkEvent;
import dev.poco.protocol.NetworkEventsRequest;
import dev.poco.protocol.RunDeltasRequest;
import dev.poco.protocol.TextDelta;
import dev.poco.protocol.RunDirective;
import dev.poco.protocol.RunStatus;
import dev.poco.protocol.RunView;
import dev.poco.protocol.UserInputRequestView;
import dev.poco.protocol.WorkerRequest;
import dev.poco.protocol.WorkspaceExportBase;
import dev.poco.protocol.WorkspaceExportRequest;
import dev.poco.protocol.WorkspaceManifest;
import dev.poco.protocol.permissions.PermissionRules;
import dev.poco.protocol.spec.Capabilities;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.AbstractResource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.ResourceHttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to the Poco server for one runner, through the {@link RunnerApi} HTTP interface. Thread-safe;
 * every method blocks for one HTTP exchange (long-polls up to their wait plus a margin, uploads up to
 * {@link #UPLOAD_TIMEOUT}) and throws
 * {@link ServerException} on failure: {@link ServerException#retryable()} for an unreachable server
 * or a 5xx, a refusal otherwise. Retrying is the caller's choice ({@link ServerRetry}).
 */
public final class ServerClient {

    /** Read timeout of ordinary calls (time to the response's headers). */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Read timeout of long-polls and downloads: the longest wait the server grants (claim, watch and
     * question waits are capped at 60 s) plus the ordinary margin.
     */
    static final Duration LONG_POLL_TIMEOUT = Duration.ofSeconds(60).plus(CALL_TIMEOUT);
    /**
     * Read timeout of uploads: the JDK client counts it from the first byte sent to the response's
     * headers, so it must cover sending the largest workspace file or archive.
     */
    static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);
    /** Read timeout of text deltas: best effort, and they share the callbacks' thread. */
    static final Duration DELTA_TIMEOUT = Duration.ofSeconds(2);
    private static final String TOKEN_HEADER = "X-Internal-Token";
    /** A runner's own credential from registration ({@code poco_runner_…}), sent as {@code Authorization: Bearer}. */
    public static final String RUNNER_CREDENTIAL_PREFIX = "poco_runner_";
    /** The worker id of the runner, so that the server can tie its claims to its registration. */
    static final String WORKER_HEADER = "X-Poco-Worker-Id";
    private static final Logger log = LoggerFactory.getLogger(ServerClient.class);

    private final URI base;
    private final JsonMapper json;
    private final RunnerApi calls;
    private final RunnerApi longPolls;
    private final RunnerApi uploads;
    private final RunnerApi deltas;
    private final @Nullable String workerId;
    /** The server's message when it refused this runner's credential (HTTP 401); null until it does. */
    private volatile @Nullable String credentialRefused;

    public ServerClient(URI base, String token, JsonMapper json) {
        this(base, token, json, null);
    }

    /**
     * @param token the shared {@code INTERNAL_API_TOKEN} (sent as {@code X-Internal-Token}, as poco's backend
     *     reads it) or this runner's registered credential ({@code poco_runner_…}, sent as {@code Authorization:
     *     Bearer})
     * @param workerId sent with every call when not null, so that the server can show which registered runner
     *     claims as which worker
     */
    public ServerClient(URI base, String token, JsonMapper json, @Nullable String workerId) {
        this.workerId = workerId;
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.json = json;
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.calls = api(http, token, CALL_TIMEOUT);
        this.longPolls = api(http, token, LONG_POLL_TIMEOUT);
        this.uploads = api(http, token, UPLOAD_TIMEOUT);
        this.deltas = api(http, token, DELTA_TIMEOUT);
    }

    private RunnerApi api(HttpClient http, String token, Duration readTimeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(readTimeout);
        RestClient rest = RestClient.builder()
                .baseUrl(base)
                .requestFactory(requests)
                .defaultHeaders(h -> {
                    if (token.startsWith(RUNNER_CREDENTIAL_PREFIX)) {
                        h.setBearerAuth(token);
                    } else {
                        h.set(TOKEN_HEADER, token);
                    }
                    if (workerId != null) {
                        h.set(WORKER_HEADER, workerId);
                    }
                })
                .configureMessageConverters(c -> c.withJsonConverter(new JacksonJsonHttpMessageConverter(json))
                        .addCustomConverter(new ResourceHttpMessageConverter(false))) // upload bodies
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                    throw refused(request.getMethod() + " " + request.getURI().getPath(), response);
                })
                .build();
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest)).build().createClient(RunnerApi.class);
    }

    public URI base() {
        return base;
    }

    /**
     * Whether the server refused this runner's credential (HTTP 401: a revoked or unknown registered runner); the
     * claim loop stops for good once it has.
     */
    public boolean credentialRefused() {
        return credentialRefused != null;
    }

    /** Claims the next run, waiting up to {@code waitSeconds} server-side for one to be queued. */
    public Optional<ClaimedRun> claim(String workerId, int leaseSeconds, @Nullable List<String> scheduleModes,
            int waitSeconds) {
        ClaimRequest request = new ClaimRequest(workerId, leaseSeconds, scheduleModes, waitSeconds);
        return Optional.ofNullable(call("claim", () -> longPolls.claim(request)));
    }

    /**
     * Claims up to {@code max} runs in one call (Poco's batch claim), waiting up to {@code waitSeconds}
     * server-side for at least one. A server without the batch claim (poco's own backend) refuses it
     * with HTTP 404 ({@link ServerException#httpStatus()}); {@link #claim} is the form every server has.
     */
    public List<ClaimedRun> claimBatch(String workerId, int leaseSeconds, @Nullable List<String> scheduleModes,
            int waitSeconds, int max) {
        ClaimBatchRequest request = new ClaimBatchRequest(workerId, leaseSeconds, scheduleModes, waitSeconds, max);
        List<ClaimedRun> claimed = call("claim", () -> longPolls.claimBatch(request));
        return claimed == null ? List.of() : claimed;
    }

    /**
     * Tells the server this worker stopped claiming: its claim long-polls still pending end empty,
     * and runs it claimed but has not started go back to the queue at once. Returns how many did.
     */
    public int releaseClaims(String workerId) {
        return require(call("release", () -> calls.releaseClaims(new WorkerRequest(workerId))), "release")
                .requeuedRuns();
    }

    public RunView start(UUID runId, String workerId) {
        return require(call("start", () -> calls.start(runId, new WorkerRequest(workerId))), "start");
    }

    public RunView fail(UUID runId, String workerId, String errorMessage) {
        return require(call("fail", () -> calls.fail(runId, new FailRunRequest(workerId, errorMessage))), "fail");
    }

    public RunDirective heartbeat(UUID runId, String workerId, @Nullable Integer leaseSeconds) {
        return require(call("heartbeat", () -> calls.heartbeat(runId, new HeartbeatRequest(workerId, leaseSeconds))),
                "heartbeat");
    }

    /** Long-polls until the run's status is no longer {@code known}, or {@code waitSeconds} pass. */
    public RunDirective watch(UUID runId, RunStatus known, int waitSeconds) {
        return require(call("watch", () -> longPolls.watch(runId, known.wire(), waitSeconds)), "watch");
    }

    public CallbackResponse callback(CallbackRequest request) {
        return require(call("callback", () -> calls.callback(request)), "callback");
    }

    /** Several callbacks in one request and transaction, in order (Poco's {@code POST /callbacks}). */
    public List<CallbackResponse> callbacks(List<CallbackRequest> batch) {
        return require(call("callbacks", () -> calls.callbacks(new RunnerApi.CallbackBatch(batch))), "callbacks");
    }

    public UserInputRequestView createQuestion(CreateUserInputRequest request) {
        return require(call("question", () -> calls.createQuestion(request)), "question");
    }

    /** Reads a question, waiting up to {@code waitSeconds} for it to be answered or expire. */
    public UserInputRequestView awaitQuestion(UUID id, int waitSeconds) {
        return require(call("question", () -> longPolls.awaitQuestion(id, waitSeconds)), "question");
    }

    /** The permission rules a run of this session works under. */
    public PermissionRules permissionRules(UUID sessionId) {
        return require(call("permission rules", () -> calls.permissionRules(sessionId)), "permission rules");
    }

    /** Saves an "always allow" answer as an allow rule of the session's project. */
    public void allowRule(UUID sessionId, String rule) {
        call("permission rule", () -> calls.allowRule(sessionId, Map.of("rule", rule)));
    }

    /** Reports connections of the run's egress gate; a replayed batch is stored once. */
    public void networkEvents(UUID runId, List<NetworkEvent> events) {
        call("network events", () -> calls.networkEvents(runId, new NetworkEventsRequest(events)));
    }

    /** Hands pieces of the model's text to the session's live streams (not stored; not retried). */
    public void deltas(UUID runId, List<TextDelta> pieces) {
        call("deltas", () -> deltas.deltas(runId, new RunDeltasRequest(pieces)));
    }

    /**
     * One of poco's internal memory calls for the owner of {@code sessionId}, by the tool that makes it: the data of
     * the answer (null when there is none); a refusal (an unknown memory, a bad id) is a {@link ServerException}
     * with the server's message.
     *
     * @param call what the tool asked for
     */
    public @Nullable JsonNode memory(UUID sessionId, MemoryCall call) {
        return call("memory " + call.getClass().getSimpleName(), () -> switch (call) {
            case MemoryCall.Create c -> calls.createMemories(sessionId, c.body());
            case MemoryCall.List l -> calls.listMemories(sessionId);
            case MemoryCall.Search q -> calls.searchMemories(sessionId, Map.of("query", q.query()));
            case MemoryCall.Get g -> calls.memory(sessionId, g.memoryId());
            case MemoryCall.Update u -> calls.updateMemory(sessionId, u.memoryId(), Map.of("text", u.text()));
            case MemoryCall.History h -> calls.memoryHistory(sessionId, h.memoryId());
            case MemoryCall.Delete d -> calls.deleteMemory(sessionId, d.memoryId());
            case MemoryCall.DeleteAll a -> calls.deleteMemories(sessionId);
        });
    }

    /** Streams an attachment's bytes; the caller closes the stream. */
    public InputStream attachment(String source) throws IOException {
        try {
            ResponseEntity<InputStream> response = longPolls.attachment(source);
            InputStream body = response.getBody();
            if (body == null) {
                throw new IOException("the server answered attachment " + source + " without a body");
            }
            return body;
        } catch (ServerException | RestClientException e) {
            throw new IOException("Cannot fetch attachment " + source + ": " + e.getMessage(), e);
        }
    }

    /** What the session's last workspace export left (manifest, size cap), before a new export. */
    public WorkspaceExportBase exportBase(UUID sessionId) {
        return require(call("export base", () -> calls.exportBase(sessionId)), "export base");
    }

    /**
     * Uploads one workspace file ({@code /a/b}) of {@code size} bytes, streamed from {@code content}
     * (opened once per call, so a retried call sends the whole file again).
     *
     * @throws UncheckedIOException when {@code content} could not be read: a local failure, not the server's
     */
    public void exportFile(UUID sessionId, String path, long size, Content content) {
        Upload body = new Upload("workspace file " + path, size, content);
        upload("export file " + path, body, () -> uploads.exportFile(sessionId, path, body));
    }

    /** Uploads the zip of the workspace, streamed from {@code zip}; failures as {@link #exportFile}. */
    public void exportArchive(UUID sessionId, Path zip) {
        long size;
        try {
            size = Files.size(zip);
        } catch (IOException e) {
            throw new UncheckedIOException("The workspace archive " + zip + " is unreadable: " + e.getMessage(), e);
        }
        Upload body = new Upload("workspace archive " + zip, size, () -> Files.newInputStream(zip));
        upload("export archive", body, () -> uploads.exportArchive(sessionId, body));
    }

    /** Uploads the session's whole workspace as of {@code runId}'s result (a gzip'd tar); failures as {@link #exportFile}. */
    public void putWorkspaceState(UUID sessionId, UUID runId, Path archive) {
        long size;
        try {
            size = Files.size(archive);
        } catch (IOException e) {
            throw new UncheckedIOException("The workspace state " + archive + " is unreadable: " + e.getMessage(), e);
        }
        Upload body = new Upload("workspace state " + archive, size, () -> Files.newInputStream(archive));
        upload("workspace state", body, () -> uploads.putWorkspaceState(sessionId, runId, body));
    }

    /** What {@link #workspaceState} found. */
    public sealed interface StoredState {
        /** The server stores the state {@code held} names: what this runner has is current. */
        record Held() implements StoredState {}

        /** The server stores no state of the session. */
        record None() implements StoredState {}

        /** The stored state of {@code runId}'s result; the caller closes {@code content}. */
        record Download(UUID runId, InputStream content) implements StoredState {}
    }

    /**
     * The session's stored workspace state, unless it is the one of run {@code held} (what this runner already has).
     *
     * @throws ServerException when the server cannot be reached or refuses
     */
    public StoredState workspaceState(UUID sessionId, @Nullable UUID held) {
        ResponseEntity<InputStream> response;
        try {
            response = longPolls.workspaceState(sessionId, held == null ? null : "\"" + held + "\"");
        } catch (ServerException e) {
            if (e.httpStatus() == 404) {
                return new StoredState.None();
            }
            throw e;
        } catch (ResourceAccessException e) {
            throw new ServerException("Cannot reach the Poco server at " + base + " (workspace state): "
                    + e.getMostSpecificCause(), 0, 0, e);
        }
        if (response.getStatusCode().value() == 304) {
            return new StoredState.Held();
        }
        String run = response.getHeaders().getFirst("X-Poco-State-Run");
        InputStream body = response.getBody();
        if (run == null || body == null) {
            throw new ServerException("The server answered the workspace state without its run or bytes", 200, 0);
        }
        return new StoredState.Download(UUID.fromString(run), body);
    }

    /** Asks the server to forget the session's stored state; failures as {@link ServerException}. */
    public void dropWorkspaceState(UUID sessionId) {
        call("drop workspace state", () -> calls.dropWorkspaceState(sessionId));
    }

    /** Uploads a browser tool call's screenshot; failures as {@link ServerException}. */
    public void browserScreenshot(UUID sessionId, String toolUseId, byte[] png) {
        Upload body = new Upload("screenshot of " + toolUseId, png.length, () -> new java.io.ByteArrayInputStream(png));
        call("browser screenshot " + toolUseId, () -> uploads.browserScreenshot(sessionId, toolUseId, body));
    }

    /** Ends an export: the file list (export {@code ready}) or the failure (export {@code failed}). */
    public WorkspaceManifest commitExport(UUID sessionId, WorkspaceExportRequest request) {
        return require(call("export commit", () -> calls.commitExport(sessionId, request)), "export commit");
    }

    // ---- capabilities: the internal resolve endpoints and package downloads, for the run's owner ---------------

    /** The user's secrets by name (system ones overlaid by the user's), for placeholder substitution only. */
    public Map<String, String> envVars(String userId) {
        return orEmpty(call("env-vars map", () -> calls.envVars(userId)));
    }

    /** The MCP server definitions of {@code serverIds} by server key, placeholders not expanded. */
    public Map<String, JsonNode> resolveMcpConfig(String userId, List<Integer> serverIds) {
        return orEmpty(call("mcp-config resolve", () -> calls.resolveMcpConfig(userId,
                new RunnerApi.McpResolve(serverIds))));
    }

    public Map<String, ResolveAnswers.Package> resolveSkillConfig(String userId, List<Integer> skillIds) {
        return orEmpty(call("skill-config resolve", () -> calls.resolveSkillConfig(userId,
                new RunnerApi.SkillResolve(skillIds))));
    }

    public Map<String, ResolveAnswers.Package> resolvePluginConfig(String userId, List<Integer> pluginIds) {
        return orEmpty(call("plugin-config resolve", () -> calls.resolvePluginConfig(userId,
                new RunnerApi.PluginResolve(pluginIds))));
    }

    /** @param subagentIds null for the user's enabled subagents, empty for none */
    public ResolveAnswers.Subagents resolveSubagents(String userId, @Nullable List<Integer> subagentIds) {
        ResolveAnswers.Subagents answer = call("subagents resolve", () -> calls.resolveSubagents(userId,
                new RunnerApi.SubagentResolve(subagentIds)));
        return answer == null ? ResolveAnswers.Subagents.NONE : answer;
    }

    /** The markdown of every custom command ({@code names} empty) plus an alias per name in {@code skillNames}. */
    public Map<String, String> resolveSlashCommands(String userId, List<String> names, List<String> skillNames) {
        return orEmpty(call("slash-commands resolve", () -> calls.resolveSlashCommands(userId,
                new RunnerApi.SlashCommandResolve(names, skillNames))));
    }

    /**
     * The run's setup in one call ({@link RunnerApi#runSetup}); a server without it answers 404.
     *
     * @param wanted the ids of the run's config snapshot
     */
    public ResolveAnswers.Setup runSetup(String userId, UUID sessionId, Capabilities wanted) {
        return require(call("run setup", () -> calls.runSetup(userId, new RunnerApi.RunSetupRequest(sessionId,
                wanted.mcpServerIds(), wanted.skillIds(), wanted.pluginIds(), wanted.subagentIds(),
                wanted.slashCommands()))), "run setup");
    }

    public ResolveAnswers.ClaudeMd claudeMd(String userId) {
        ResolveAnswers.ClaudeMd answer = call("claude-md", () -> calls.claudeMd(userId));
        return answer == null ? new ResolveAnswers.ClaudeMd(false, null) : answer;
    }

    /** Streams a skill's package zip; the caller closes the stream. Failures as {@link ServerException}. */
    public InputStream skillPackage(String userId, int skillId) {
        return download("skill package " + skillId, () -> longPolls.skillPackage(userId, skillId));
    }

    /** Streams a plugin's package zip, as {@link #skillPackage}. */
    public InputStream pluginPackage(String userId, int pluginId) {
        return download("plugin package " + pluginId, () -> longPolls.pluginPackage(userId, pluginId));
    }

    private InputStream download(String what, Supplier<ResponseEntity<InputStream>> exchange) {
        ResponseEntity<InputStream> response;
        try {
            response = exchange.get();
        } catch (ResourceAccessException e) {
            throw new ServerException("Cannot reach the Poco server at " + base + " (" + what + "): "
                    + e.getMostSpecificCause(), 0, 0, e);
        } catch (RestClientException e) {
            throw new ServerException("The server's answer to " + what + " is unreadable: " + e.getMessage(), 200, 0,
                    e);
        }
        InputStream body = response.getBody();
        if (body == null) {
            throw new ServerException("The server answered " + what + " without a body", 200, 0);
        }
        return body;
    }

    private static <K, V> Map<K, V> orEmpty(@Nullable Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    // ---- end of capabilities ----------------------------------------------------------------------------------

    /** Opens an upload's bytes. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    private void upload(String what, Upload body, Supplier<Envelope<Void>> exchange) {
        try {
            call(what, exchange);
        } catch (RuntimeException e) {
            // The body is read while the request is sent, so a local read failure comes back as a failed exchange.
            IOException local = body.readFailure;
            if (local != null) {
                throw new UncheckedIOException("Cannot read the " + body.getDescription() + ": " + local.getMessage(),
                        local);
            }
            throw e;
        }
    }

    /**
     * An upload body as a {@link org.springframework.core.io.Resource}: its known length becomes the
     * {@code Content-Length} (the server refuses chunked uploads) and its bytes are streamed, never
     * held in memory. Remembers a failure to read the source, which is ours and not the server's.
     */
    private static final class Upload extends AbstractResource {

        private final String description;
        private final long size;
        private final Content content;
        private volatile @Nullable IOException readFailure;

        Upload(String description, long size, Content content) {
            this.description = description;
            this.size = size;
            this.content = content;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public long contentLength() {
            return size;
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            try {
                return new FilterInputStream(content.open()) {
                    @Override
                    public int read() throws IOException {
                        try {
                            return super.read();
                        } catch (IOException e) {
                            readFailure = e;
                            throw e;
                        }
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        try {
                            return super.read(buffer, offset, length);
                        } catch (IOException e) {
                            readFailure = e;
                            throw e;
                        }
                    }
                };
            } catch (IOException e) {
                readFailure = e;
                throw e;
            }
        }
    }

    private void refusedCredential(String message) {
        if (credentialRefused == null) {
            credentialRefused = message;
            log.error("The Poco server at {} refused this runner's credential: {}. This runner stops claiming work;"
                    + " it needs a new registration (delete $POCO_HOME/secrets/runner-credential and start it with a"
                    + " new POCO_RUNNER_REGISTRATION_TOKEN) or the server's INTERNAL_API_TOKEN.", base, message);
        }
    }

    private static <T> T require(@Nullable T value, String what) {
        if (value == null) {
            throw new ServerException("The server answered " + what + " without data", 200, 0);
        }
        return value;
    }

    /** One exchange, its envelope unwrapped: the data (null when there is none) or a {@link ServerException}. */
    private <T> @Nullable T call(String what, Supplier<Envelope<T>> exchange) {
        Envelope<T> envelope;
        try {
            envelope = exchange.get();
        } catch (ResourceAccessException e) {
            throw new ServerException("Cannot reach the Poco server at " + base + " (" + what + "): "
                    + e.getMostSpecificCause(), 0, 0, e);
        } catch (RestClientResponseException e) {
            throw new ServerException("The server's answer to " + what + " is unreadable (HTTP "
                    + e.getStatusCode().value() + "): " + e.getMessage(), e.getStatusCode().value(), 0, e);
        } catch (RestClientException e) {
            // Error statuses are mapped by the status handler; what is left came with a success status.
            throw new ServerException("The server answered " + what + " without JSON: " + e.getMessage(), 200, 0, e);
        }
        if (envelope == null) {
            throw new ServerException("The server answered " + what + " with an empty body", 200, 0);
        }
        if (!envelope.isOk()) {
            throw new ServerException(what + " refused: " + envelope.message() + " (HTTP 200, code "
                    + envelope.code() + ")", 200, envelope.code());
        }
        return envelope.data();
    }

    /** An error status, with poco's envelope code and message when the body has them. */
    private ServerException refused(String call, ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        byte[] body = response.getBody().readAllBytes();
        try {
            JsonNode envelope = json.readTree(body);
            int code = envelope.path("code").asInt(-1);
            if (status == 401) {
                refusedCredential(envelope.path("message").asString(""));
            }
            return new ServerException(call + " refused: " + envelope.path("message").asString("") + " (HTTP "
                    + status + ", code " + code + ")", status, code);
        } catch (JacksonException e) {
            return new ServerException(call + " answered HTTP " + status + " without JSON", status, 0, e);
        }
    }
}
