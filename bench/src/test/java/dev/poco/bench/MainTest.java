package dev.poco.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark selection ({@code ./poco bench} arguments) and the percentiles of the report. */
class MainTest {

    @Test
    void noNameOrAllRunsTheDefaultInRunOrder() {
        assertThat(Main.choose(new String[0]).names()).containsExactlyElementsOf(Main.DEFAULT);
        assertThat(Main.choose(new String[] {"all"}).names()).containsExactlyElementsOf(Main.DEFAULT);
        assertThat(Main.choose(new String[] {"wave,floor"}).names()).containsExactly("floor", "wave");
    }

    @Test
    void fanoutAndClaim4AreChosenByNameAndRunByDefault() {
        assertThat(Main.choose(new String[] {"claim4", "fanout"}).names()).containsExactly("fanout", "claim4");
        assertThat(Main.DEFAULT).contains("fanout", "claim4");
    }

    @Test
    void thePocoScriptAcceptsEveryBenchmarkName() throws Exception {
        String script = Files.readString(Path.of("..", "poco"));
        String accepted = script.lines().map(String::strip).filter(l -> l.startsWith("bundle|")).findFirst()
                .orElseThrow();
        List<String> names = List.of(accepted.substring(0, accepted.indexOf(')')).split("\\|"));
        assertThat(names).containsAll(Main.NAMES);
    }

    @Test
    void hotIdleTakesAnOptionalCount() {
        assertThat(Main.choose(new String[] {"hot-idle"}).hotIdleCount()).isEqualTo(HotIdleBench.DEFAULT_COUNT);
        Main.Selection chosen = Main.choose(new String[] {"hot-idle,20"});
        assertThat(chosen.names()).containsExactly("hot-idle");
        assertThat(chosen.hotIdleCount()).isEqualTo(20);
    }

    @Test
    void unknownNamesAndStrayNumbersAreRefused() {
        assertThat(Main.choose(new String[] {"overhead"})).isNull();
        assertThat(Main.choose(new String[] {"path", "20"})).isNull();
        assertThat(Main.choose(new String[] {"hot-idle", "0"})).isNull();
    }

    @Test
    void percentilesAreNearestRank() {
        Samples samples = new Samples();
        for (int i = 1; i <= 20; i++) {
            samples.add(i * 1_000_000L);
        }
        assertThat(samples.medianMillis()).isEqualTo(10.5);
        assertThat(samples.percentileMillis(0.95)).isEqualTo(19.0);
        assertThat(samples.percentileMillis(0.99)).isEqualTo(20.0);
        assertThat(new Samples().percentileMillis(0.99)).isNaN();
    }
}
