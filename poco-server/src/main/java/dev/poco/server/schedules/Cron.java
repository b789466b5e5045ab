package dev.poco.server.schedules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/**
 * A cron expression read as poco reads it (croniter), evaluated by Spring's {@link CronExpression}.
 *
 * <p>croniter's grammar: five fields (minute hour day-of-month month day-of-week), or six with the seconds
 * <em>last</em>; the aliases {@code @hourly @daily @midnight @weekly @monthly @yearly @annually}; names
 * ({@code jan}, {@code mon}), lists, ranges (wrapping ones like {@code fri-mon} too), steps ({@code *}{@code /5},
 * {@code 10/5}), {@code L} for the last day of the month, {@code 5#2} (second Friday) and {@code L5} (last Friday)
 * in the day of week, and {@code ?} for a whole day field. When both day fields are restricted a day matches if
 * either does (Vixie cron's OR); Spring ANDs them, so such an expression becomes two Spring expressions and the
 * earlier of their fires wins. Each field is expanded here to an explicit list, so Spring only ever sees its own
 * syntax, with the seconds first.
 *
 * <p>Fires are computed on the wall clock of the task's zone (issue 14, poco's DST faults): a matching local time
 * that a spring-forward gap skips fires once, shifted by the gap's length (02:30 becomes 03:30); a local time that
 * a fall-back overlap repeats fires once, at its first occurrence. An expression that matches no date at all
 * ({@code 0 0 30 2 *}) is refused, where croniter accepts it and fails later.
 */
public final class Cron {

    private static final int MINUTE = 0;
    private static final int HOUR = 1;
    private static final int DAY = 2;
    private static final int MONTH = 3;
    private static final int DOW = 4;
    private static final int SECOND = 5;

    private static final int[] LOW = {0, 0, 1, 1, 0, 0};
    private static final int[] HIGH = {59, 23, 31, 12, 6, 59};
    /** How many values mean "every value" (croniter's LEN_MEANS_ALL). */
    private static final int[] ALL = {60, 24, 31, 12, 7, 60};

    private static final Map<String, String> ALIASES = Map.of(
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *",
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11),
            Map.entry("dec", 12));
    private static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4,
            "fri", 5, "sat", 6);

    private static final Pattern NTH = Pattern.compile("^(.+)#(\\d+)$");
    private static final Pattern LAST_WEEKDAY = Pattern.compile("^l(\\d+)$");
    private static final Pattern RANGE = Pattern.compile("^([^-]+)-([^-/]+)(/(\\d+))?$");
    private static final Pattern INT = Pattern.compile("^\\d+$");
    /** Candidates looked at for one fire: enough for a per-second expression across a two-hour DST shift. */
    private static final int MAX_STEPS = 20_000;

    private final String expression;
    private final List<CronExpression> parts;

    private Cron(String expression, List<CronExpression> parts) {
        this.expression = expression;
        this.parts = parts;
    }

    /**
     * Reads a croniter expression.
     *
     * @throws InvalidCronException naming what is wrong, for any expression croniter would refuse, and for one
     *         that never fires
     */
    public static Cron parse(String expression) {
        String text = expression.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        String expanded = ALIASES.getOrDefault(lower, lower);
        String[] fields = expanded.split("\\s+");
        if (fields.length != 5 && fields.length != 6) {
            throw new InvalidCronException("it needs 5 fields (minute hour day month weekday) or 6 (seconds last)");
        }
        Field[] parsed = new Field[6];
        for (int i = 0; i < fields.length; i++) {
            parsed[i] = field(i, fields[i], fields);
        }
        if (fields.length == 5) {
            parsed[SECOND] = Field.of(new TreeSet<>(List.of("0")));
        }
        List<String> springs = new ArrayList<>();
        if (!parsed[DAY].all() && !parsed[DOW].all()) {
            // Vixie cron's OR of the two day fields: one expression per field, the other left open
            springs.add(spring(parsed, parsed[DAY].spring(), "*"));
            springs.add(spring(parsed, "*", parsed[DOW].spring()));
        } else {
            springs.add(spring(parsed, parsed[DAY].spring(), parsed[DOW].spring()));
        }
        List<CronExpression> parts = new ArrayList<>();
        for (String s : springs) {
            try {
                parts.add(CronExpression.parse(s));
            } catch (IllegalArgumentException e) {
                throw new InvalidCronException(e.getMessage() == null ? "not a valid expression" : e.getMessage());
            }
        }
        Cron cron = new Cron(text, List.copyOf(parts));
        LocalDateTime probe = LocalDateTime.of(2000, 1, 1, 0, 0);
        if (cron.nextLocal(probe) == null) {
            throw new InvalidCronException("it matches no date");
        }
        return cron;
    }

    /** The expression as it was given (trimmed). */
    public String expression() {
        return expression;
    }

    /**
     * The first fire strictly after {@code after} on the wall clock of {@code zone}; empty when there is none.
     * Stateless: right after a spring-forward gap it looks back into the gap, so that times the gap skipped still
     * fire (shifted) when {@code after} is an earlier shifted fire.
     */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        LocalDateTime local = LocalDateTime.ofInstant(after, zone);
        LocalDateTime cursor = local;
        LocalDateTime settled = local; // from here on fires come in the order of their local times
        ZoneOffsetTransition last = rules.previousTransition(after.plusNanos(1));
        if (last != null && last.isGap()
                && Duration.between(last.getInstant(), after).compareTo(last.getDuration()) < 0) {
            cursor = last.getDateTimeBefore().minusSeconds(1);
            settled = last.getDateTimeAfter().plus(last.getDuration());
        }
        Instant best = null;
        for (int i = 0; i < MAX_STEPS; i++) {
            LocalDateTime candidate = nextLocal(cursor);
            if (candidate == null) {
                break;
            }
            Instant fire = resolve(candidate, zone);
            // not after: the first occurrence of a repeated local time that is already past (it fired then)
            if (fire.isAfter(after) && (best == null || fire.isBefore(best))) {
                best = fire;
            }
            if (best != null && !candidate.isBefore(settled)) {
                break;
            }
            cursor = candidate;
        }
        return Optional.ofNullable(best);
    }

    /** The next {@code count} fires after {@code after}, in order (fewer when the expression runs out). */
    public List<Instant> next(int count, Instant after, ZoneId zone) {
        List<Instant> fires = new ArrayList<>(count);
        Instant from = after;
        while (fires.size() < count) {
            Optional<Instant> fire = next(from, zone);
            if (fire.isEmpty()) {
                break;
            }
            fires.add(fire.get());
            from = fire.get();
        }
        return fires;
    }

    private @Nullable LocalDateTime nextLocal(LocalDateTime after) {
        LocalDateTime earliest = null;
        for (CronExpression part : parts) {
            LocalDateTime next = part.next(after);
            if (next != null && (earliest == null || next.isBefore(earliest))) {
                earliest = next;
            }
        }
        return earliest;
    }

    /**
     * A local time as an instant: the earlier offset of an overlap, and a time inside a gap moved forward by the
     * gap's length.
     */
    private static Instant resolve(LocalDateTime local, ZoneId zone) {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = zone.getRules().getTransition(local);
            return local.plus(gap.getDuration()).toInstant(gap.getOffsetAfter());
        }
        return ZonedDateTime.ofLocal(local, zone, offsets.getFirst()).withEarlierOffsetAtOverlap().toInstant();
    }

    private static String spring(Field[] f, String day, String dow) {
        return String.join(" ", f[SECOND].spring(), f[MINUTE].spring(), f[HOUR].spring(), day,
                f[MONTH].spring(), dow);
    }

    /** One field: {@code *} or the values it allows, already in Spring's syntax. */
    private record Field(boolean all, TreeSet<String> values) {
        static Field of(TreeSet<String> values) {
            return new Field(false, values);
        }

        String spring() {
            return all ? "*" : String.join(",", values);
        }
    }

    private static Field field(int index, String text, String[] fields) {
        if (text.contains("?")) {
            if (!text.equals("?")) {
                throw new InvalidCronException("'?' cannot be combined with other characters");
            }
            if (index != DAY && index != DOW) {
                throw new InvalidCronException("'?' is only allowed in the day-of-month or day-of-week field");
            }
            return new Field(true, new TreeSet<>());
        }
        List<Integer> plain = new ArrayList<>();
        TreeSet<String> special = new TreeSet<>();
        boolean star = false;
        for (String element : text.split(",", -1)) {
            if (element.isEmpty()) {
                throw new InvalidCronException("empty value in '" + text + "'");
            }
            String e = element;
            String nth = null;
            if (index == DOW) {
                Matcher m = NTH.matcher(e);
                Matcher l = LAST_WEEKDAY.matcher(e);
                if (m.matches()) {
                    e = m.group(1);
                    int n = Integer.parseInt(m.group(2).length() > 2 ? "99" : m.group(2));
                    if (n < 1 || n > 5) {
                        throw new InvalidCronException("'" + element + "': the week of the month must be 1 to 5");
                    }
                    nth = "#" + n;
                } else if (l.matches()) {
                    e = l.group(1);
                    nth = "L";
                }
            }
            List<Integer> values = new ArrayList<>();
            if (e.equals("*")) {
                if (nth != null) {
                    throw new InvalidCronException("'" + element + "' is not a day of the week");
                }
                star = true;
                continue;
            }
            String ranged = e.startsWith("*/") ? LOW[index] + "-" + HIGH[index] + e.substring(1) : e;
            Matcher range = RANGE.matcher(ranged);
            if (!range.matches() && ranged.contains("/")) {
                int slash = ranged.indexOf('/');
                ranged = ranged.substring(0, slash) + "-" + HIGH[index] + ranged.substring(slash);
                range = RANGE.matcher(ranged);
            }
            if (range.matches()) {
                String highText = range.group(2);
                if (index == DAY && highText.equals("l")) {
                    highText = "31";
                }
                int low = value(index, range.group(1), text);
                int high = value(index, highText, text);
                int step = range.group(4) == null ? 1 : number(range.group(4), text);
                if (step < 1) {
                    throw new InvalidCronException("the step in '" + element + "' must be at least 1");
                }
                if (low > high) { // wraps around: fri-mon, 22-2
                    for (int v = low; v <= HIGH[index]; v += step) {
                        values.add(v);
                    }
                    // croniter's continuation after the wrap (it is not simply modular)
                    int last = values.getLast();
                    int skip = last - LOW[index] + step > HIGH[index] - LOW[index] + 1 && HIGH[index] - last < step
                            ? step - (HIGH[index] - last) : 0;
                    for (int v = LOW[index] + skip; v <= high; v += step) {
                        values.add(v);
                    }
                } else if (low == high) { // croniter: mon-mon, jan-jan is the whole cycle
                    for (int v = LOW[index]; v <= HIGH[index]; v += step) {
                        values.add(v);
                    }
                } else {
                    for (int v = low; v <= high; v += step) {
                        values.add(v);
                    }
                }
            } else if (index == DAY && e.equals("l")) {
                special.add("L");
                continue;
            } else {
                values.add(value(index, e, text));
            }
            for (int v : values) {
                if (nth == null) {
                    plain.add(v);
                } else {
                    special.add(v + nth);
                }
            }
        }
        TreeSet<Integer> distinct = new TreeSet<>(plain);
        if (index == DOW && special.stream().anyMatch(s -> s.contains("#") || s.endsWith("L"))
                && !distinct.isEmpty() && distinct.size() < ALL[DOW]) {
            throw new InvalidCronException("the day-of-week field cannot mix plain days with '#' or 'L' days");
        }
        if (star && distinct.isEmpty() && special.isEmpty()) {
            return new Field(true, new TreeSet<>());
        }
        if (star || distinct.size() == ALL[index] && special.isEmpty()) {
            // croniter: a full list is "*", unless it is a day field and the other day field has no '*'
            boolean keepRestricted = (index == DAY && !fields[DOW].contains("*") && !star)
                    || (index == DOW && !fields[DAY].contains("*") && !star);
            if (star || !keepRestricted) {
                return new Field(true, new TreeSet<>());
            }
        }
        TreeSet<String> out = new TreeSet<>(special);
        out.addAll(distinct.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new)));
        return Field.of(out);
    }

    /** A number or a name, in range; a day of the week of 7 is Sunday. */
    private static int value(int index, String text, String field) {
        int v;
        if (INT.matcher(text).matches()) {
            v = number(text, field);
            if (index == DOW && v == 7) {
                v = 0;
            }
        } else {
            Integer named = index == MONTH ? MONTHS.get(text) : index == DOW ? DAYS.get(text) : null;
            if (named == null) {
                throw new InvalidCronException("'" + text + "' is not acceptable in '" + field + "'");
            }
            v = named;
        }
        if (v < LOW[index] || v > HIGH[index]) {
            throw new InvalidCronException("'" + text + "' is out of range in '" + field + "'");
        }
        return v;
    }

    private static int number(String text, String field) {
        if (!INT.matcher(text).matches() || text.length() > 4) {
            throw new InvalidCronException("'" + text + "' is not acceptable in '" + field + "'");
        }
        return Integer.parseInt(text);
    }

    @Override
    public String toString() {
        return expression;
    }

    /** The expression is not one croniter accepts, or it never fires; the message says why. */
    public static final class InvalidCronException extends IllegalArgumentException {
        InvalidCronException(String reason) {
            super(reason);
        }
    }
}
