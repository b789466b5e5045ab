package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.protocol.permissions.PermissionRules;
import dev.poco.protocol.spec.RunSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PermissionRulesStageTest extends StandInBase {

    @Test
    void theSessionsRulesReachTheCliAsItsSettings() throws Exception {
        server.permissionRules = Map.of("allow", List.of("Bash(make)"), "ask", List.of("Bash(git push:*)"),
                "deny", List.of("Bash(rm:*)"));
        RunContext ctx = context(RunSpec.of("hi"));

        new PermissionRulesStage().run(ctx);

        assertThat(ctx.permissionRules()).isEqualTo(new PermissionRules(List.of("Bash(make)"),
                List.of("Bash(git push:*)"), List.of("Bash(rm:*)")));
        assertThat(server.requests("/permission-rules")).singleElement()
                .satisfies(r -> assertThat(r.path()).contains(ctx.sessionId().toString()));
        List<String> argv = StartSandboxStage.command(ctx.spec(), ctx.settings(), ctx.permissionRules()).argv();
        assertThat(argv).containsSequence("--settings", "{\"permissions\":{\"allow\":[\"Bash(make)\"],"
                + "\"ask\":[\"Bash(git push:*)\"],\"deny\":[\"Bash(rm:*)\"]}}");
        assertThat(StartSandboxStage.command(ctx.spec(), ctx.settings(), PermissionRules.NONE).argv())
                .as("no rules, no settings").doesNotContain("--settings");
    }

    @Test
    void aRunWhoseRulesCannotBeReadDoesNotStart() {
        server.permissionRules = null;
        RunContext ctx = context(RunSpec.of("hi"));

        assertThatThrownBy(() -> new PermissionRulesStage().run(ctx)).isInstanceOfSatisfying(StageFailure.class,
                f -> assertThat(f.outcome()).isInstanceOfSatisfying(RunOutcome.NotStarted.class,
                        o -> assertThat(o.error()).contains("permission rules").contains("not started")));
    }
}
