package dev.poco.bench;

import dev.poco.protocol.spec.NetworkPolicy;
import dev.poco.runner.egress.EgressGate;
import dev.poco.runner.egress.EgressLimits;
import dev.poco.runner.egress.EgressRules;
import dev.poco.runner.egress.NodeBinary;
import dev.poco.runner.gateway.GatewayEndpoint;
import dev.poco.runner.sandbox.BubblewrapOptions;
import dev.poco.runner.sandbox.BubblewrapSandboxDriver;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.testkit.http.Origin;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code egress}: what the egress gate costs a tool in the sandbox (issue 13). A real bubblewrap sandbox with the
 * relay and the gate as a run gets them, and {@code curl} inside: per-request time of a small plain-HTTP GET and of
 * one through a CONNECT tunnel, against the same {@code curl} on the host straight to the origin; and the download
 * rate of a large body through a tunnel, against the host's direct rate. The origin is a local HTTP server, opened by
 * an explicit allowlist entry.
 */
final class EgressBench {

    static final int WARMUP = 5;
    static final int REQUESTS = 100;
    static final int BIG_MB = 256;

    void run(PrintStream out, Figures figures) throws Exception {
        Path scratch = Files.createTempDirectory("poco-bench-egress");
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        Origin origin = origin();
        int port = origin.port();
        NodeBinary node = NodeBinary.locate(null).orElseThrow(() -> new IllegalStateException("Node.js is missing"));
        String script = """
                for i in $(seq %1$d); do curl -s -o /dev/null -w 'plain %%{time_total}\\n' http://127.0.0.1:%2$d/small; done
                for i in $(seq %1$d); do curl -s -p -o /dev/null -w 'tunnel %%{time_total}\\n' http://127.0.0.1:%2$d/small; done
                curl -s -p -o /dev/null -w 'rate %%{speed_download}\\n' http://127.0.0.1:%2$d/big
                """.formatted(WARMUP + REQUESTS, port);
        String throughGate;
        try (EgressGate gate = EgressGate.open(new GatewayEndpoint.Unix(scratch.resolve("gw")), "bench",
                EgressRules.of(new NetworkPolicy.Allowlist(List.of("127.0.0.1:" + port))),
                new EgressLimits(1_000_000, Long.MAX_VALUE), event -> { }, () -> null);
                BubblewrapSandboxDriver driver = new BubblewrapSandboxDriver(BubblewrapOptions.defaults()
                        .withStateDir(scratch.resolve("state")))) {
            Path workspace = Files.createDirectories(scratch.resolve("s/workspace"));
            Path home = Files.createDirectories(scratch.resolve("s/home"));
            SandboxSpec.Builder spec = SandboxSpec.builder("bench-egress").workspace(workspace).home(home)
                    .readOnlyBind(gate.runDirectory(), EgressGate.SANDBOX_DIR).env(gate.sandboxEnvironment());
            if (!node.visibleInSandbox()) {
                spec.readOnlyBind(node.host(), NodeBinary.SANDBOX_PATH);
            }
            spec.command(gate.sandboxCommand(node.sandboxPath(), List.of("/bin/sh", "-c", script)));
            Bench.progress("egress: %d requests each way and %d MB through the gate, in a sandbox", REQUESTS, BIG_MB);
            try (SandboxHandle handle = driver.start(spec.build())) {
                handle.stdin().close();
                throughGate = new String(handle.stdout().readAllBytes(), StandardCharsets.UTF_8);
                handle.waitFor(Duration.ofMinutes(5));
            }
        }
        Bench.progress("egress: the same on the host, straight to the origin");
        Process host = new ProcessBuilder("/bin/sh", "-c", script.replace(" -p ", " ")
                .replace("tunnel", "plain2")).redirectErrorStream(true).start();
        String direct = new String(host.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        host.waitFor();
        origin.close();

        Samples plain = samples(throughGate, "plain");
        Samples tunnel = samples(throughGate, "tunnel");
        Samples hostPlain = samples(direct, "plain");
        double gateRate = rate(throughGate);
        double hostRate = rate(direct);
        Bench.section(out, "egress", "the egress gate (issue 13)",
                "curl in a bubblewrap sandbox through the relay (Node.js, on the sandbox's loopback) and the run's gate"
                        + " (Jetty, on a Unix socket), to a local origin opened by an explicit allowlist entry; the"
                        + " same curl on the host straight to the origin as the baseline. " + WARMUP
                        + " warm-up requests not counted; each request is a new curl process and connection.");
        new Table(Table.LATENCY)
                .latency("sandbox curl, plain HTTP through the gate", plain, "")
                .latency("sandbox curl, through a CONNECT tunnel", tunnel, "")
                .latency("host curl, direct (baseline)", hostPlain, "")
                .print(out);
        out.printf("  added per request (p50): plain %s, tunnel %s; download rate through a tunnel %.0f MB/s "
                        + "(host direct %.0f MB/s, %d MB)%n", Samples.ms(plain.medianMillis() - hostPlain.medianMillis()),
                Samples.ms(tunnel.medianMillis() - hostPlain.medianMillis()), gateRate / 1e6, hostRate / 1e6, BIG_MB);
        figures.heading("egress gate: curl in a real sandbox through relay and gate vs the host's curl direct");
        figures.latency("egress: plain HTTP GET through the gate", plain, "one small GET, new connection, curl's"
                + " time_total inside the sandbox");
        figures.latency("egress: GET through a CONNECT tunnel", tunnel, "the same through CONNECT (what HTTPS does)");
        figures.latency("egress: host curl direct (baseline)", hostPlain, "the same GET on the host, no proxy");
        figures.value("egress: tunnel download rate", String.format("%.0f MB/s", gateRate / 1e6), "1",
                BIG_MB + " MB through CONNECT; host direct " + String.format("%.0f MB/s", hostRate / 1e6));
    }

    private static Samples samples(String output, String label) {
        Samples samples = new Samples();
        List<Double> seconds = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(label + " ")) {
                seconds.add(Double.parseDouble(line.substring(label.length() + 1).strip()));
            }
        }
        for (int i = WARMUP; i < seconds.size(); i++) {
            samples.add(Math.round(seconds.get(i) * 1e9));
        }
        if (samples.size() == 0) {
            throw new IllegalStateException("no '" + label + "' timings in the output: " + output);
        }
        return samples;
    }

    private static double rate(String output) {
        String label = "rate ";
        return output.lines().filter(l -> l.startsWith(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(label.length()))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no download rate in: " + output));
    }

    /** The origin: {@code /small} answers "ok", {@code /big} streams {@link #BIG_MB} MB. */
    private static Origin origin() {
        Origin origin = Origin.text("ok\n");
        byte[] chunk = new byte[1 << 20];
        origin.server().createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, (long) BIG_MB << 20);
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < BIG_MB; i++) {
                    body.write(chunk);
                }
            }
        });
        return origin;
    }
}
