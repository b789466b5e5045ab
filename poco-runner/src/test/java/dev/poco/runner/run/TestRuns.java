package dev.poco.runner.run;

import dev.poco.protocol.ClaimedRun;
import dev.poco.protocol.RunView;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.RunnerSettings;
import dev.poco.runner.admission.AdmissionSettings;
import dev.poco.runner.admission.HostAdmission;
import dev.poco.runner.admission.HostResources;
import dev.poco.runner.gateway.UpstreamCredential;
import dev.poco.runner.sandbox.SandboxLimits;
import dev.poco.runner.server.ServerClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** Settings, claims and contexts for stage tests. */
final class TestRuns {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String KEY = "sk-ant-stage-test-REAL-4d2f";

    private TestRuns() {}

    static RunnerSettings settings(Path scratch, @Nullable URI modelBaseUrl, @Nullable Path claudeBinary) {
        return new RunnerSettings("stage-test", 1, 60, Duration.ofSeconds(30), 0, null, scratch.resolve("workspaces"),
                scratch.resolve("gw"), claudeBinary != null ? claudeBinary : Path.of("/nonexistent/claude"),
                modelBaseUrl != null ? modelBaseUrl : URI.create("http://127.0.0.1:9"),
                new UpstreamCredential.ApiKey(KEY), "claude-sonnet-4-6", Duration.ofMinutes(5), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(5), SandboxLimits.DEFAULTS, Duration.ofSeconds(10),
                Duration.ofSeconds(5), 1 << 20);
    }

    static RunnerSettings withoutCredential(RunnerSettings s) {
        return new RunnerSettings(s.workerId(), s.maxConcurrentRuns(), s.leaseSeconds(), s.heartbeatInterval(),
                s.claimWaitSeconds(), s.scheduleModes(), s.workspacesRoot(), s.gatewayDir(), s.claudeBinary(),
                s.modelBaseUrl(), null, s.defaultModel(), s.runTimeout(), s.cancelGrace(), s.questionTimeout(),
                s.planTimeout(), s.limits(), s.callbackRetryFor(), s.shutdownGrace(), s.maxCliLineBytes());
    }

    /** A host budget of {@code sessions} live sessions and as many starts, on this host's memory and tasks. */
    static HostAdmission budget(int sessions) {
        return budget(sessions, sessions);
    }

    static HostAdmission budget(int sessions, int starts) {
        return new HostAdmission(new AdmissionSettings(starts, sessions * 150L, 150, 0), HostResources.linux());
    }

    static ClaimedRun claim(RunSpec spec) {
        UUID runId = UUID.randomUUID();
        RunView run = JSON.treeToValue(StandInServer.runView(runId, "claimed"), RunView.class);
        return new ClaimedRun(run, "user-1", spec.prompt(), null, null, spec);
    }

    static RunContext context(RunSpec spec, RunnerSettings settings, StandInServer server) {
        return new RunContext(claim(spec), settings, new ServerClient(server.base(), "token", JSON));
    }
}
