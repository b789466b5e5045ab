package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.admission.Admission;
import dev.poco.runner.admission.HostAdmission;
import dev.poco.runner.gateway.GatewayConfig;
import dev.poco.runner.gateway.GatewayEndpoint;
import dev.poco.runner.gateway.ModelGateway;
import dev.poco.runner.gateway.UpstreamCredential;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A run takes its slot in the host budget before its CLI starts: with the budget used up it waits, its
 * session says so through the run's callbacks, and it proceeds once a slot is free. Small budgets,
 * a real gateway and the stand-in server; nothing here asserts a duration.
 */
class AdmitStageTest extends StandInBase {

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    /** A run up to the admission: started, reporting, keeping its lease, with its gateway open. */
    private RunContext runUpToAdmission() {
        RunContext ctx = context(RunSpec.of("hi"));
        new ReportStage().run(ctx);
        new KeepLeaseStage().run(ctx);
        ModelGateway gateway = ModelGateway.open(new GatewayEndpoint.Tcp("127.0.0.1", 0), ctx.runId().toString(),
                GatewayConfig.of(URI.create("http://127.0.0.1:9"), new UpstreamCredential.ApiKey("sk-test")));
        ctx.gateway(gateway);
        opened.add(gateway);
        opened.add(() -> {
            new KeepLeaseStage().finish(ctx);
            Objects.requireNonNull(ctx.reporterOrNull()).close();
        });
        return ctx;
    }

    /** A run blocked in the stage on its own thread, as the run's thread would be. */
    private record Admitting(RunContext ctx, AdmitStage stage, Thread thread, AtomicReference<Throwable> failure) {
        Admitting join() throws InterruptedException {
            thread.join(Duration.ofSeconds(20));
            return this;
        }
    }

    private Admitting admitting(HostAdmission budget) {
        RunContext ctx = runUpToAdmission();
        AdmitStage stage = new AdmitStage(budget);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                stage.run(ctx);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        return new Admitting(ctx, stage, thread, failure);
    }

    private List<String> steps() {
        return server.callbacks().stream().map(c -> c.path("state_patch"))
                .filter(JsonNode::isObject).map(state -> state.path("current_step"))
                .map(step -> step.isString() ? step.asString() : null).toList();
    }

    @Test
    void aRunWaitsWithAMessageWhileTheHostIsFullAndProceedsWhenASlotFrees() throws Exception {
        HostAdmission budget = TestRuns.budget(1);
        Admission other = budget.tryAdmit("another run").orElseThrow();

        Admitting run = admitting(budget);
        RunContext ctx = run.ctx();

        await().atMost(Duration.ofSeconds(20)).until(() -> steps().contains(
                "Waiting for a free slot on runner stage-test (next in line)"));
        assertThat(ctx.admissionOrNull()).as("no slot while the other holds it").isNull();
        assertThat(budget.usage().waiting()).isEqualTo(1);

        other.close();

        assertThat(run.join().failure().get()).isNull();
        assertThat(ctx.admissionOrNull()).isNotNull();
        assertThat(budget.usage().liveSessions()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> steps().size() == 2);
        assertThat(steps().getLast()).as("the wait is over: the step no longer says so").isNull();

        run.stage().finish(ctx);
        assertThat(budget.usage().liveSessions()).as("the slot goes back when the run is over").isZero();
    }

    @Test
    void eachWaitingRunIsToldHowManyAreAheadOfIt() throws Exception {
        HostAdmission budget = TestRuns.budget(1);
        Admission other = budget.tryAdmit("another run").orElseThrow();
        Admitting first = admitting(budget);
        await().atMost(Duration.ofSeconds(20)).until(() -> budget.usage().waiting() == 1);
        Admitting second = admitting(budget);

        await().atMost(Duration.ofSeconds(20)).until(() -> steps().contains(
                "Waiting for a free slot on runner stage-test (1 run ahead)"));

        other.close();
        assertThat(first.join().ctx().admissionOrNull()).isNotNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> steps().stream().filter(
                "Waiting for a free slot on runner stage-test (next in line)"::equals).count() == 2);
        Objects.requireNonNull(first.ctx().admissionOrNull()).close();
        assertThat(second.join().failure().get()).isNull();
        assertThat(first.failure().get()).isNull();
        assertThat(second.ctx().admissionOrNull()).isNotNull();
    }

    @Test
    void aRunCanceledWhileItWaitsEndsWithoutTakingASlot() throws Exception {
        HostAdmission budget = TestRuns.budget(1);
        Admission other = budget.tryAdmit("another run").orElseThrow();
        Admitting run = admitting(budget);
        RunContext ctx = run.ctx();
        await().atMost(Duration.ofSeconds(20)).until(() -> budget.usage().waiting() == 1);

        server.cancel();

        Throwable failure = run.join().failure().get();
        assertThat(failure).isInstanceOf(StageFailure.class);
        assertThat(((StageFailure) failure).outcome()).isInstanceOf(RunOutcome.Unreported.class);
        assertThat(ctx.admissionOrNull()).isNull();
        assertThat(budget.usage().waiting()).isZero();
        assertThat(budget.usage().liveSessions()).as("only the other run's").isEqualTo(1);
        other.close();
    }

    @Test
    void theStartSlotGoesBackWithTheFirstModelRequest() throws Exception {
        HostAdmission budget = TestRuns.budget(2, 1);
        RunContext ctx = runUpToAdmission();
        new AdmitStage(budget).run(ctx);
        assertThat(budget.usage().starting()).isEqualTo(1);
        assertThat(budget.tryAdmit("a second run")).as("the only start is taken").isEmpty();

        // what the CLI does once it is past its start-up: its first request through the gateway (here answered 502)
        GatewayEndpoint.Tcp endpoint = (GatewayEndpoint.Tcp) ctx.gateway().endpoint();
        try (HttpClient http = HttpClient.newHttpClient()) {
            http.send(HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "/v1/messages"))
                    .header("x-api-key", ctx.gateway().sandboxEnvironment().get("ANTHROPIC_API_KEY"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> budget.usage().starting() == 0);
        assertThat(budget.usage().liveSessions()).isEqualTo(1);
        assertThat(budget.tryAdmit("a second run")).isPresent();
    }
}
