package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.protocol.spec.RunSpec;
import org.junit.jupiter.api.Test;

class RequireCredentialsStageTest extends StandInBase {

    @Test
    void aRunnerWithoutAModelKeyFailsTheRunSayingWhatToSet() {
        RunContext ctx = TestRuns.context(RunSpec.of("hi"),
                TestRuns.withoutCredential(TestRuns.settings(scratch, null, null)), server);

        assertThatThrownBy(() -> new RequireCredentialsStage().run(ctx)).isInstanceOfSatisfying(StageFailure.class,
                f -> org.assertj.core.api.Assertions.assertThat(f.outcome())
                        .isEqualTo(new RunOutcome.NotStarted(RequireCredentialsStage.MISSING)));
        org.assertj.core.api.Assertions.assertThat(RequireCredentialsStage.MISSING).contains("ANTHROPIC_API_KEY");
    }

    @Test
    void aRunnerWithAKeyGoesOn() {
        RunContext ctx = context(RunSpec.of("hi"));

        assertThatCode(() -> new RequireCredentialsStage().run(ctx)).doesNotThrowAnyException();
    }
}
