package dev.poco.server.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expressions and zones against the fires croniter gives (5 fields, seconds last, aliases, L and #, the OR of the
 * day fields), and the DST rules poco got wrong: a time a gap skips fires once, shifted; a time an overlap repeats
 * fires once, at its first occurrence. 2026-01-15 is a Thursday; New York springs forward on 2026-03-08 and falls
 * back on 2026-11-01, Berlin springs forward on 2026-03-29.
 */
class CronTest {

    @ParameterizedTest(name = "{0} in {1} after {2}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *              | UTC              | 2026-01-15T10:17:30Z | 2026-01-15T10:18:00Z
            */15 * * * *           | UTC              | 2026-01-15T10:17:30Z | 2026-01-15T10:30:00Z
            0 9 * * *              | Europe/Paris     | 2026-01-15T10:17:30Z | 2026-01-16T08:00:00Z
            0 9 * * *              | Asia/Kolkata     | 2026-01-15T10:17:30Z | 2026-01-16T03:30:00Z
            @daily                 | Asia/Tokyo       | 2026-01-15T10:17:30Z | 2026-01-15T15:00:00Z
            @DAILY                 | UTC              | 2026-01-15T10:17:30Z | 2026-01-16T00:00:00Z
            @midnight              | America/New_York | 2026-01-15T10:17:30Z | 2026-01-16T05:00:00Z
            @hourly                | UTC              | 2026-01-15T10:17:30Z | 2026-01-15T11:00:00Z
            @weekly                | UTC              | 2026-01-15T10:17:30Z | 2026-01-18T00:00:00Z
            @monthly               | UTC              | 2026-01-15T10:17:30Z | 2026-02-01T00:00:00Z
            @yearly                | UTC              | 2026-01-15T10:17:30Z | 2027-01-01T00:00:00Z
            @annually              | UTC              | 2026-01-15T10:17:30Z | 2027-01-01T00:00:00Z
            0 0 L * *              | UTC              | 2026-01-15T10:17:30Z | 2026-01-31T00:00:00Z
            0 0 L 2 *              | UTC              | 2026-01-15T10:17:30Z | 2026-02-28T00:00:00Z
            0 0 15-L/10 * *        | UTC              | 2026-01-15T10:17:30Z | 2026-01-25T00:00:00Z
            0 12 * * 5#2           | UTC              | 2026-01-15T10:17:30Z | 2026-02-13T12:00:00Z
            0 12 * * fri#3         | UTC              | 2026-01-15T10:17:30Z | 2026-01-16T12:00:00Z
            0 12 * * L5            | UTC              | 2026-01-15T10:17:30Z | 2026-01-30T12:00:00Z
            0 0 1 * mon            | UTC              | 2026-01-15T10:17:30Z | 2026-01-19T00:00:00Z
            0 0 13 * fri           | UTC              | 2026-01-15T10:17:30Z | 2026-01-16T00:00:00Z
            0 0 20 * *             | UTC              | 2026-01-15T10:17:30Z | 2026-01-20T00:00:00Z
            0 0 * * 7              | UTC              | 2026-01-15T10:17:30Z | 2026-01-18T00:00:00Z
            0 0 */2 * *            | UTC              | 2026-01-15T10:17:30Z | 2026-01-17T00:00:00Z
            * * * * * */20         | UTC              | 2026-01-15T10:17:30Z | 2026-01-15T10:17:40Z
            30 10 * * * 15         | UTC              | 2026-01-15T10:17:30Z | 2026-01-15T10:30:15Z
            0 8 * jan-mar mon-fri  | UTC              | 2026-01-15T10:17:30Z | 2026-01-16T08:00:00Z
            0 8 * JUN *            | UTC              | 2026-01-15T10:17:30Z | 2026-06-01T08:00:00Z
            0 0 * * fri-mon        | UTC              | 2026-01-15T10:17:30Z | 2026-01-16T00:00:00Z
            0 6 ? * sun            | UTC              | 2026-01-15T10:17:30Z | 2026-01-18T06:00:00Z
            0 22-2/3 * * *         | UTC              | 2026-01-15T00:30:00Z | 2026-01-15T02:00:00Z
            5/20 * * * *           | UTC              | 2026-01-15T10:17:30Z | 2026-01-15T10:25:00Z
            0 0 1,15 * *           | UTC              | 2026-01-15T10:17:30Z | 2026-02-01T00:00:00Z
            30 2 * * *             | America/New_York | 2026-03-08T06:00:00Z | 2026-03-08T07:30:00Z
            30 2 * * *             | America/New_York | 2026-03-08T07:30:00Z | 2026-03-09T06:30:00Z
            0 2 * * *              | Europe/Berlin    | 2026-03-28T12:00:00Z | 2026-03-29T01:00:00Z
            30 1 * * *             | America/New_York | 2026-11-01T04:00:00Z | 2026-11-01T05:30:00Z
            30 1 * * *             | America/New_York | 2026-11-01T05:30:00Z | 2026-11-02T06:30:00Z
            30 1 * * *             | America/New_York | 2026-11-01T06:10:00Z | 2026-11-02T06:30:00Z
            0 * * * *              | America/New_York | 2026-11-01T05:00:00Z | 2026-11-01T07:00:00Z
            """)
    void firesWhenCroniterDoes(String expression, String zone, String after, String expected) {
        Cron cron = Cron.parse(expression);
        assertThat(cron.next(Instant.parse(after), ZoneId.of(zone))).contains(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', textBlock = """
            30 2 * * *   | America/New_York | 2026-03-07T12:00:00Z | 2026-03-08T07:30:00Z 2026-03-09T06:30:00Z 2026-03-10T06:30:00Z
            30 1 * * *   | America/New_York | 2026-10-31T12:00:00Z | 2026-11-01T05:30:00Z 2026-11-02T06:30:00Z 2026-11-03T06:30:00Z
            */30 1-3 * * * | America/New_York | 2026-11-01T04:00:00Z | 2026-11-01T05:00:00Z 2026-11-01T05:30:00Z 2026-11-01T07:00:00Z 2026-11-01T07:30:00Z 2026-11-01T08:00:00Z
            */30 2 * * * | America/New_York | 2026-03-08T05:00:00Z | 2026-03-08T07:00:00Z 2026-03-08T07:30:00Z 2026-03-09T06:00:00Z
            """)
    void aDstGapOrOverlapFiresEachLocalTimeOnce(String expression, String zone, String after, String expected) {
        List<Instant> fires = Cron.parse(expression).next(expected.split(" ").length, Instant.parse(after),
                ZoneId.of(zone));
        assertThat(fires).containsExactlyElementsOf(Arrays.stream(expected.split(" ")).map(Instant::parse).toList());
        assertThat(fires).doesNotHaveDuplicates().isSorted();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "* * * *", "* * * * * * *", "60 * * * *", "* 24 * * *", "* * 32 * *", "* * 0 * *",
        "* * * 13 *", "* * * * 8", "abc * * * *", "*/0 * * * *", "-1 * * * *", "? * * * *", "* * 1,? * *",
        "* * * * 1#6", "* * * * mon,5#2", "@reboot", "0 0 30 2 *", "* * * * * 60", "1-2-3 * * * *", "* * * foo *",
        "L * * * *", "* * * * L", "1,,2 * * * *"})
    void refusesWhatCroniterRefuses(String expression) {
        assertThatThrownBy(() -> Cron.parse(expression)).isInstanceOf(Cron.InvalidCronException.class);
    }
}
