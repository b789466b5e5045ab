package dev.poco.runner.sandbox;

/**
 * The host uids (and gids, same numbers) that sandboxes run as when the runner is root, one per workspace in use:
 * {@code POCO_RUNNER_SANDBOX_UID_RANGE}, for example {@code 61000-61999}. No {@code /etc/passwd} entry is needed.
 *
 * @param first lowest uid, at least 1
 * @param last highest uid, at least {@code first}
 */
public record HostUidRange(int first, int last) {

    /** The variable that configures the range; named in every error about it. */
    public static final String VARIABLE = "POCO_RUNNER_SANDBOX_UID_RANGE";
    public static final HostUidRange DEFAULT = new HostUidRange(61000, 61999);

    public HostUidRange {
        if (first <= 0 || last < first) {
            throw new SandboxUnavailableException(VARIABLE + " must be FIRST-LAST with 0 < FIRST <= LAST, so that no"
                    + " sandbox runs as host root; got " + first + "-" + last);
        }
        if (last >= 65534 && first <= 65534) {
            throw new SandboxUnavailableException(VARIABLE + " must not include 65534 (nobody), which other programs"
                    + " share; got " + first + "-" + last);
        }
    }

    /** Parses {@code FIRST-LAST} (or a single uid); the message of a bad value names {@link #VARIABLE}. */
    public static HostUidRange parse(String text) {
        String[] parts = text.strip().split("-", -1);
        try {
            if (parts.length == 1) {
                int uid = Integer.parseInt(parts[0].strip());
                return new HostUidRange(uid, uid);
            }
            if (parts.length == 2) {
                return new HostUidRange(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SandboxUnavailableException(VARIABLE + " must look like 61000-61999 (host uids for sandboxes, each"
                + " also used as gid); got '" + text + "'");
    }

    int size() {
        return last - first + 1;
    }

    boolean contains(int uid) {
        return uid >= first && uid <= last;
    }

    /** Refuses a range that holds the runner's own uid: a sandbox could then signal or trace the runner. */
    void requireExcludes(int runnerUid) {
        if (contains(runnerUid)) {
            throw new SandboxUnavailableException(VARIABLE + "=" + first + "-" + last + " contains the runner's own uid "
                    + runnerUid + "; choose a range of otherwise unused uids");
        }
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
