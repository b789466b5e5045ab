package dev.poco.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostUidRangeTest {

    @Test
    void parsesARangeOrASingleUid() {
        assertThat(HostUidRange.parse("61000-61999")).isEqualTo(new HostUidRange(61000, 61999));
        assertThat(HostUidRange.parse(" 70000 - 70009 ")).isEqualTo(new HostUidRange(70000, 70009));
        assertThat(HostUidRange.parse("61000")).isEqualTo(new HostUidRange(61000, 61000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "61000-", "-5", "0-10", "61999-61000", "1-2-3", "60000-70000"})
    void refusesBadValuesNamingTheVariable(String value) {
        assertThatThrownBy(() -> HostUidRange.parse(value)).isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("POCO_RUNNER_SANDBOX_UID_RANGE");
    }

    @Test
    void refusesARangeHoldingTheRunnersUid() {
        HostUidRange range = HostUidRange.parse("1000-1999");

        range.requireExcludes(999);
        assertThatThrownBy(() -> range.requireExcludes(1000)).isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("POCO_RUNNER_SANDBOX_UID_RANGE=1000-1999").hasMessageContaining("runner's own uid");
    }
}
