package dev.poco.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code floor}: the bare CLI, started directly (see {@link BareCli}) against the same fake model:
 * what no platform can beat without keeping CLIs running. Two kinds of process, alternating:
 * one written {@code initialize} and the prompt at once (as a runner does) and, after its first
 * turn, a second prompt; one initialized, left idle a second (a warm pool's CLI), then prompted.
 */
final class FloorBench {

    static final int WARMUP = 2;
    static final int RUNS = Integer.getInteger("bench.floor.runs", 15);
    static final String START_TO_MODEL = "bare CLI: start -> first model request";
    /** What a pooled CLI costs a run at the least: Poco's warm pool warms its CLIs up the same way. */
    static final String WARMED_TO_MODEL = "bare CLI: prompt to a warmed-up idle CLI -> model request";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration IDLE = Duration.ofSeconds(1);

    void run(FakeModel model, Figures figures) throws Exception {
        Path claude = BareCli.locate();
        Path scratch = Files.createTempDirectory("poco-bench-floor");
        Samples startToModel = new Samples();
        Samples startToInitialized = new Samples();
        Samples idleToModel = new Samples();
        Samples warmedToModel = new Samples();
        Samples nextToModel = new Samples();
        Samples nextToResult = new Samples();
        Bench.progress("floor: %d+%d bare CLI starts of each kind (%s)", WARMUP, RUNS, claude);
        try {
            for (int i = 0; i < WARMUP + RUNS; i++) {
                boolean counted = i >= WARMUP;
                try (BareCli cli = BareCli.start(claude, model.baseUrl(), scratch.resolve("a" + i))) {
                    String marker = model.marker("floor-");
                    cli.initialize();
                    cli.send("Reply briefly. " + marker);
                    Instant atModel = model.awaitFirstRequest(marker, TIMEOUT);
                    Instant initialized = cli.awaitInitialized();
                    cli.awaitResult();
                    String next = model.marker("floor-");
                    Instant written = cli.send("Reply briefly again. " + next);
                    Instant nextAtModel = model.awaitFirstRequest(next, TIMEOUT);
                    cli.awaitResult();
                    Instant nextDone = Instant.now();
                    model.forget(marker);
                    model.forget(next);
                    if (counted) {
                        startToModel.add(nanos(cli.started(), atModel));
                        startToInitialized.add(nanos(cli.started(), initialized));
                        nextToModel.add(nanos(written, nextAtModel));
                        nextToResult.add(nanos(written, nextDone));
                    }
                }
                long idle = idleFirstPrompt(claude, model, scratch.resolve("b" + i), false);
                long warmed = idleFirstPrompt(claude, model, scratch.resolve("c" + i), true);
                if (counted) {
                    idleToModel.add(idle);
                    warmedToModel.add(warmed);
                }
            }
        } finally {
            Product.deleteQuietly(scratch);
        }
        figures.heading("bare CLI floor: the pinned CLI started directly (no Poco, no sandbox, no gateway), same fake model");
        figures.latency(START_TO_MODEL, startToModel,
                "ProcessBuilder.start() -> fake receives its first /v1/messages (initialize + prompt written at once)");
        figures.latency("bare CLI: start -> initialize answered", startToInitialized,
                "ProcessBuilder.start() -> control_response to initialize read from stdout");
        figures.latency("bare CLI: prompt to an initialized idle CLI -> model request", idleToModel,
                "user line written to a CLI past initialize, idle " + IDLE.toSeconds() + " s -> fake receives it");
        figures.latency(WARMED_TO_MODEL, warmedToModel, "the same, the CLI having answered get_context_usage after"
                + " initialize (what Poco's warm pool does) -> fake receives it");
        figures.latency("bare CLI: next prompt to a live CLI -> model request", nextToModel,
                "second user line written after the first turn's result -> fake receives it");
        figures.latency("bare CLI: next prompt to a live CLI -> result line", nextToResult,
                "second user line written -> its result line read from stdout");
        Bench.progress("floor: done");
    }

    /**
     * A CLI past {@code initialize} (and warmed up with {@code get_context_usage} if {@code warmUp}), idle for
     * {@link #IDLE}, then a first prompt: nanoseconds from writing it to the fake model's receiving it.
     */
    private static long idleFirstPrompt(Path claude, FakeModel model, Path dir, boolean warmUp) throws Exception {
        try (BareCli cli = BareCli.start(claude, model.baseUrl(), dir)) {
            cli.initialize();
            cli.awaitInitialized();
            if (warmUp) {
                cli.contextUsage();
            }
            Thread.sleep(IDLE.toMillis());
            String marker = model.marker("floor-");
            Instant written = cli.send("Reply briefly. " + marker);
            Instant atModel = model.awaitFirstRequest(marker, TIMEOUT);
            cli.awaitResult();
            model.forget(marker);
            return nanos(written, atModel);
        }
    }

    static long nanos(Instant from, Instant to) {
        return Duration.between(from, to).toNanos();
    }
}
