package dev.poco.runner.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The isolation a driver gives its sandboxes on this host, as {@code ./poco doctor} prints it and the startup check
 * judges it.
 *
 * @param driver technology, e.g. {@code bubblewrap}
 * @param driverVersion e.g. {@code bubblewrap 0.8.0}
 * @param runnerUid the runner's own uid
 * @param sandboxUser who the sandboxed processes are on the host, e.g. {@code host uid 65534} or {@code the runner's
 *     uid (root)}
 * @param seccomp whether a seccomp filter is installed and which
 * @param cgroupMode which cgroup hierarchy limits sandboxes ({@code v2 ...}, {@code v1 ...}) or why none does
 * @param limits how each limit is enforced, one entry per {@link Limit}
 */
public record IsolationReport(String driver, String driverVersion, int runnerUid, String sandboxUser, String seccomp,
        String cgroupMode, List<LimitStatus> limits) {

    public IsolationReport {
        limits = List.copyOf(limits);
    }

    /** How a limit is enforced, from strongest to none. */
    public enum Enforcement {
        CGROUP_V2("cgroup v2"),
        CGROUP_V1("cgroup v1"),
        RLIMIT("rlimit"),
        WATCHDOG("watchdog"),
        NONE("NOT ENFORCED");

        private final String label;

        Enforcement(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param detail the mechanism, e.g. {@code pids.max in /sys/fs/cgroup/pids/poco-sandboxes}
     * @param fix for {@link Enforcement#NONE}: what the operator can do; empty otherwise
     */
    public record LimitStatus(Limit limit, Enforcement enforcement, String detail, String fix) {

        public boolean enforced() {
            return enforcement != Enforcement.NONE;
        }
    }

    public List<LimitStatus> unenforced() {
        return limits.stream().filter(status -> !status.enforced()).toList();
    }

    /** One {@code key: value} line per fact, the way {@code ./poco doctor} prints them. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("sandbox driver: " + driver + " (" + driverVersion + ")");
        lines.add("runner uid: " + runnerUid);
        lines.add("sandbox user: " + sandboxUser);
        lines.add("seccomp: " + seccomp);
        lines.add("cgroup mode: " + cgroupMode);
        for (LimitStatus status : limits) {
            String line = "limit " + status.limit().name().toLowerCase(Locale.ROOT).replace('_', '-') + ": "
                    + (status.enforced() ? "enforced by " : "") + status.enforcement().label() + " (" + status.detail()
                    + ")";
            lines.add(status.enforced() ? line : line + "; to enforce it: " + status.fix());
        }
        return lines;
    }
}
