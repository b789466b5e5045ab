package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the agent itself can do from inside its sandbox, probed with its own Bash tool: it cannot
 * read the model key (environment, /proc, files), cannot open a network connection, cannot write
 * outside the workspace and its home, and cannot see other sessions' workspaces.
 */
class SandboxIsolationTest extends EndToEndTest {

    @Test
    void theAgentCannotReadTheKeyReachTheNetworkWriteOutsideOrSeeOtherSessions() throws Exception {
        // Another user's session with a file in its workspace.
        MODEL.enqueue(Reply.bash("echo top-secret > secret.txt", "plant"), Reply.text("ok"));
        String bobSession = task(bob, Map.of("prompt", "keep a secret")).path("session_id").asString();
        awaitSession(bob, bobSession, "completed", "failed");
        Path bobWorkspace = workspace(userOf(bob), bobSession);
        assertThat(bobWorkspace.resolve("secret.txt")).exists();

        // The key is looked for in two halves joined at run time, so the probe's own text never contains it.
        String probe = String.join("\n",
                "A=" + KEY_PREFIX + "; B=" + KEY_SUFFIX + "; K=\"$A-$B\"",
                "echo \"env:$(env | grep -c -- \"$K\")\"",
                "echo \"proc:$(cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c -- \"$K\")\"",
                "echo \"files:$(grep -rlsF -- \"$K\" /workspace /home/agent /tmp /etc /run /opt 2>/dev/null | wc -l)\"",
                "echo \"api-key-var:$ANTHROPIC_API_KEY\"",
                "(exec 3<>/dev/tcp/127.0.0.1/" + port + ") 2>/dev/null && echo net:open || echo net:blocked",
                "(exec 3<>/dev/tcp/1.1.1.1/443) 2>/dev/null && echo internet:open || echo internet:blocked",
                "getent hosts api.anthropic.com >/dev/null && echo dns:resolves || echo dns:fails",
                "touch /etc/poco-escape 2>/dev/null && echo etc:written || echo etc:refused",
                "touch /usr/poco-escape 2>/dev/null && echo usr:written || echo usr:refused",
                "touch /poco-escape 2>/dev/null && echo root:written || echo root:refused",
                "echo ok > /workspace/inside.txt && echo workspace:written",
                "echo ok > \"$HOME/inside.txt\" && echo home:written",
                "ls " + bobWorkspace + " >/dev/null 2>&1 && echo other:visible || echo other:hidden",
                "find / -name secret.txt -not -path '/proc/*' 2>/dev/null | grep -q . && echo other-file:found || echo other-file:absent",
                "echo \"uid:$(id -u)\"",
                "echo \"caps:$(grep CapEff /proc/self/status | awk '{print $2}')\"");
        MODEL.enqueue(Reply.bash(probe, "probe the sandbox"), Reply.text("Probed."));
        JsonNode task = task(alice, Map.of("prompt", "Probe your sandbox"));
        String sessionId = task.path("session_id").asString();
        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString()).isEqualTo("completed");

        RecordedRequest afterProbe = MODEL.awaitMessageRequests(4, Duration.ofSeconds(30)).get(3);
        String output = afterProbe.toolResultContent(afterProbe.toolResultIds().getFirst()).orElseThrow();
        assertThat(output).contains("env:0", "proc:0", "files:0")
                .contains("net:blocked", "internet:blocked", "dns:fails")
                .contains("etc:refused", "usr:refused", "root:refused")
                .contains("workspace:written", "home:written")
                .contains("other:hidden", "other-file:absent")
                .contains("caps:0000000000000000")
                .doesNotContain(KEY).doesNotContain("uid:0");
        assertThat(output).containsPattern("api-key-var:(?!" + KEY_PREFIX + "-" + KEY_SUFFIX + ")");

        // Nothing the run left on the host holds the key either (transcripts, home, workspace).
        Path sessionDir = workspace(userOf(alice), sessionId).getParent();
        try (Stream<Path> files = Files.walk(sessionDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("file %s", file).doesNotContain(KEY);
            }
        }
        assertThat(Path.of("/etc/poco-escape")).doesNotExist();
        assertThat(MODEL.messageRequests()).allSatisfy(r -> assertThat(r.header("x-api-key")).contains(KEY));
    }

    /**
     * The agent's Bash tool against the kernel: no writable tunable under /proc/sys or /sys, no new user namespace,
     * no mount, and raw keyctl, bpf and ptrace refused by the seccomp filter (EPERM = 1). Host-side, what it writes,
     * a setuid copy of a binary included, never belongs to root.
     */
    @Test
    void theAgentIsNotHostRootAndCannotReachTheWiderKernelSurface() throws Exception {
        String probe = String.join("\n",
                "echo \"sys-writable:$(find /proc/sys /sys -writable -type f 2>/dev/null | wc -l)\"",
                "echo '|/tmp/core' > /proc/sys/kernel/core_pattern 2>/dev/null && echo core:written || echo core:refused",
                "unshare -U true 2>/dev/null && echo userns:created || echo userns:refused",
                "mkdir -p /tmp/x; mount -t tmpfs x /tmp/x 2>/dev/null && echo mount:done || echo mount:refused",
                "case $(uname -m) in aarch64) K=219 B=280 P=117 ;; *) K=250 B=321 P=101 ;; esac",
                "perl -e 'for (@ARGV) { my ($n, $nr) = split /=/; $! = 0; my $r = syscall($nr + 0, 0, 0, 0, 0);"
                        + " print \"$n:\", ($r == -1 ? $! + 0 : \"ok\"), \"\\n\" }' keyctl=$K bpf=$B ptrace=$P",
                "echo mine > owned.txt && cp /usr/bin/id id-copy && chmod 4755 id-copy && echo setuid:set");
        MODEL.enqueue(Reply.bash(probe, "probe the kernel"), Reply.text("Probed."));
        String sessionId = task(alice, Map.of("prompt", "Probe the kernel")).path("session_id").asString();
        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");

        RecordedRequest afterProbe = MODEL.awaitMessageRequests(2, Duration.ofSeconds(30)).get(1);
        String output = afterProbe.toolResultContent(afterProbe.toolResultIds().getFirst()).orElseThrow();
        assertThat(output).contains("sys-writable:0", "core:refused", "userns:refused", "mount:refused",
                "keyctl:1", "bpf:1", "ptrace:1", "setuid:set");

        Path workspace = workspace(userOf(alice), sessionId);
        int owner = (Integer) Files.getAttribute(workspace.resolve("owned.txt"), "unix:uid");
        assertThat(owner).as("host owner of a file the agent wrote").isNotZero();
        assertThat(Files.getAttribute(workspace.resolve("id-copy"), "unix:uid")).as("host owner of its setuid copy")
                .isEqualTo(owner);
    }
}
