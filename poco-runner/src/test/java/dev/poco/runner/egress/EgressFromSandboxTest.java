package dev.poco.runner.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.NetworkEvent;
import dev.poco.protocol.spec.NetworkPolicy;
import dev.poco.runner.gateway.GatewayEndpoint;
import dev.poco.runner.sandbox.BubblewrapOptions;
import dev.poco.runner.sandbox.BubblewrapSandboxDriver;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.testkit.http.Origin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real bubblewrap sandbox (no network namespace access) reaches local servers only through the relay and the gate:
 * curl, npm and pip inside, with the proxy variables the runner sets, and nothing without them.
 */
class EgressFromSandboxTest {

    @TempDir
    Path scratch;

    private Origin allowed;
    private Origin other;
    private final List<NetworkEvent> events = new CopyOnWriteArrayList<>();
    private BubblewrapSandboxDriver driver;
    private EgressGate gate;

    @BeforeEach
    void start() throws IOException {
        allowed = Origin.text("allowed host\n");
        other = Origin.text("other host\n");
        byte[] tarball = npmPackage();
        int port = allowed.port();
        // An npm registry stand-in: the package document and its tarball.
        allowed.server().createContext("/left-pad", exchange -> {
            byte[] doc = ("{\"name\":\"left-pad\",\"dist-tags\":{\"latest\":\"1.0.0\"},\"versions\":{\"1.0.0\":"
                    + "{\"name\":\"left-pad\",\"version\":\"1.0.0\",\"dist\":{\"tarball\":\"http://127.0.0.1:" + port
                    + "/tarballs/left-pad-1.0.0.tgz\"}}}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, doc.length);
            exchange.getResponseBody().write(doc);
            exchange.close();
        });
        // A PyPI stand-in (PEP 503 simple index) and a wheel it links to.
        byte[] wheel = pythonWheel();
        allowed.server().createContext("/simple/left-pad/", exchange -> {
            byte[] page = "<!DOCTYPE html><html><body><a href=\"/wheels/left_pad-1.0.0-py3-none-any.whl\">left_pad-1.0.0-py3-none-any.whl</a></body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        allowed.server().createContext("/wheels/", exchange -> {
            exchange.sendResponseHeaders(200, wheel.length);
            exchange.getResponseBody().write(wheel);
            exchange.close();
        });
        allowed.server().createContext("/tarballs/", exchange -> {
            exchange.sendResponseHeaders(200, tarball.length);
            exchange.getResponseBody().write(tarball);
            exchange.close();
        });
        driver = new BubblewrapSandboxDriver(BubblewrapOptions.defaults().withStateDir(scratch.resolve("state")));
    }

    @AfterEach
    void stop() {
        if (gate != null) {
            gate.close();
        }
        driver.close();
        allowed.close();
        other.close();
    }

    @Test
    void withAnAllowlistCurlAndNpmReachTheAllowedHostOnlyAndEveryAttemptIsRecorded() throws Exception {
        int port = allowed.port();
        int otherPort = other.port();
        gate = EgressGate.open(new GatewayEndpoint.Unix(scratch.resolve("gw")), "sbx",
                EgressRules.of(new NetworkPolicy.Allowlist(List.of("127.0.0.1:" + port))), EgressLimits.DEFAULTS,
                events::add, () -> null);
        NodeBinary node = NodeBinary.locate(null).orElseThrow(() -> new AssertionError("Node.js is needed"));

        String out = runInSandbox(node, """
                curl -sS http://127.0.0.1:%1$d/
                curl -sS -o /dev/null -w 'other: %%{http_code}\\n' http://127.0.0.1:%2$d/
                curl -sS -p -o /dev/null -w 'tunnel: %%{http_code}\\n' http://127.0.0.1:%1$d/ 2>&1 | tail -1
                cd /tmp && npm pack left-pad --registry http://127.0.0.1:%1$d/ --cache /tmp/npm-cache \\
                  --no-audit --no-fund --loglevel=error 2>&1 | tail -1
                tar -xzOf /tmp/left-pad-1.0.0.tgz package/package.json
                echo
                /usr/bin/python3 -m pip download left-pad --no-deps --no-cache-dir --disable-pip-version-check \
                  --index-url http://127.0.0.1:%1$d/simple/ --trusted-host 127.0.0.1 -d /tmp/wheels 2>&1 | tail -1
                ls /tmp/wheels
                """.formatted(port, otherPort));

        assertThat(out).contains("allowed host\n", "other: 403\n", "tunnel: 200\n", "left-pad-1.0.0.tgz\n",
                "\"version\":\"1.0.0\"", "Successfully downloaded left-pad", "left_pad-1.0.0-py3-none-any.whl");
        await().until(() -> events.size() >= 5);
        assertThat(events).filteredOn(e -> !e.allowed()).singleElement().satisfies(refused -> {
            assertThat(refused.port()).isEqualTo(otherPort);
            assertThat(refused.reason()).isEqualTo("127.0.0.1:" + otherPort + " is not in the run's allowlist");
        });
        assertThat(events).filteredOn(NetworkEvent::allowed).extracting(NetworkEvent::method)
                .contains("GET", "CONNECT");
        assertThat(events).filteredOn(e -> e.url() != null && e.url().endsWith(".tgz")).isNotEmpty();
        assertThat(events).filteredOn(e -> e.url() != null && e.url().endsWith(".whl")).isNotEmpty();
    }

    @Test
    void withoutTheGateTheSandboxReachesNothing() throws Exception {
        int port = allowed.port();
        String out = runInSandbox(null, "curl -sS -o /dev/null http://127.0.0.1:" + port + "/ 2>&1; echo \"exit $?\"");
        assertThat(out).contains("exit 7").doesNotContain("allowed host");
    }

    private String runInSandbox(NodeBinary node, String script) throws Exception {
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        Path workspace = Files.createDirectories(scratch.resolve("s/workspace"));
        Path home = Files.createDirectories(scratch.resolve("s/home"));
        SandboxSpec.Builder spec = SandboxSpec.builder("egress").workspace(workspace).home(home);
        List<String> command = List.of("/bin/sh", "-c", script);
        if (node != null) {
            spec.readOnlyBind(gate.runDirectory(), EgressGate.SANDBOX_DIR).env(gate.sandboxEnvironment());
            if (!node.visibleInSandbox()) {
                spec.readOnlyBind(node.host(), NodeBinary.SANDBOX_PATH);
            }
            command = gate.sandboxCommand(node.sandboxPath(), command);
        }
        try (SandboxHandle handle = driver.start(spec.command(command).build())) {
            handle.stdin().close();
            String stdout = new String(handle.stdout().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(handle.waitFor(Duration.ofSeconds(60))).isTrue();
            return stdout;
        }
    }

    /** A minimal pure-Python wheel: a module and the dist-info pip reads (METADATA, WHEEL, RECORD). */
    private static byte[] pythonWheel() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String[] file : new String[][] {
                {"left_pad/__init__.py", "def left_pad(s, n):\n    return s.rjust(n)\n"},
                {"left_pad-1.0.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: left-pad\nVersion: 1.0.0\n"},
                {"left_pad-1.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: poco-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"},
                {"left_pad-1.0.0.dist-info/RECORD", ""}}) {
                zip.putNextEntry(new ZipEntry(file[0]));
                zip.write(file[1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A minimal npm package tarball: package/package.json. */
    private static byte[] npmPackage() throws IOException {
        byte[] json = "{\"name\":\"left-pad\",\"version\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            TarArchiveEntry entry = new TarArchiveEntry("package/package.json");
            entry.setSize(json.length);
            tar.putArchiveEntry(entry);
            tar.write(json);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
