package dev.poco.bench;

import java.time.Duration;

/**
 * The server's footprint as {@code ./poco start} runs it: start to healthy, then, after a while
 * idle with no task run yet, the memory of its JVM, of its embedded PostgreSQL and of any CLIs it
 * keeps running (a warm pool shows up here).
 */
final class Footprint {

    static final Duration IDLE = Duration.ofSeconds(Integer.getInteger("bench.idle.seconds", 30));
    static final long IDLE_RSS_TARGET_MB = 300;

    private Footprint() {}

    static void measure(PocoServer server, Figures figures) throws InterruptedException {
        Bench.progress("footprint: healthy after %.1f s; idling %d s before measuring memory", server.startSeconds(),
                IDLE.toSeconds());
        Thread.sleep(IDLE.toMillis());
        long rss = ProcTree.rssKb(server.pid());
        long pss = ProcTree.pssKb(server.pid());
        long postgres = server.postgresPssKb();
        ProcTree.LiveClis clis = ProcTree.now().liveClis(server.pid());
        figures.heading("server footprint (./poco start, its JVM options, fresh POCO_HOME)");
        figures.value("server: start -> healthy", String.format("%.1f s", server.startSeconds()), "1",
                "launch of ./poco start (jar built, CLI installed; initdb of the fresh home included) -> first 200 from"
                        + " GET /api/v1/health");
        figures.value("server: JVM RSS, idle", mb(rss), "1", "VmRSS of the ./poco start JVM, " + IDLE.toSeconds()
                + " s after healthy, no task run yet (target < " + IDLE_RSS_TARGET_MB + " MB: "
                + Bench.verdict(rss > 0 && rss / 1024 < IDLE_RSS_TARGET_MB) + ")");
        figures.value("server: JVM PSS, idle", mb(pss), "1", "Pss of /proc/<jvm>/smaps_rollup at the same moment");
        figures.value("server: PostgreSQL PSS, idle", mb(postgres), "1",
                "summed Pss of the embedded PostgreSQL's processes at the same moment");
        figures.value("server: CLIs alive, idle", Integer.toString(clis.clis()), "1",
                "Claude Code processes below the JVM at the same moment (a warm pool), with " + mb(clis.pssKb())
                        + " PSS in their sandboxes");
    }

    static String mb(long kb) {
        return String.format("%d MB", Math.round(kb / 1024.0));
    }
}
