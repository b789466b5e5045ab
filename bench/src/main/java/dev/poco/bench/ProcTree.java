package dev.poco.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of the host's processes from {@code /proc} (pid, parent, name, argv[0]), to find what
 * a Poco server started: the Claude Code CLIs and the bubblewrap sandboxes they run in, and their
 * memory (PSS, so shared pages are split between the processes that map them and sums are honest).
 */
final class ProcTree {

    record Proc(long pid, long ppid, String comm, String argv0) {

        /** The Claude Code CLI: a native binary named claude (claude.exe in the npm package). */
        boolean isClaude() {
            return comm.startsWith("claude") || baseName(argv0).startsWith("claude");
        }

        boolean isBwrap() {
            return comm.equals("bwrap");
        }
    }

    private final Map<Long, Proc> byPid;
    private final Map<Long, List<Proc>> children = new HashMap<>();

    private ProcTree(Map<Long, Proc> byPid) {
        this.byPid = byPid;
        byPid.values().forEach(p -> children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p));
    }

    static ProcTree now() {
        Map<Long, Proc> procs = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(open + 1, close);
                    String[] rest = stat.substring(close + 2).split(" ");
                    long pid = Long.parseLong(stat.substring(0, open).strip());
                    byte[] cmdline = Files.readAllBytes(dir.resolve("cmdline"));
                    int end = 0;
                    while (end < cmdline.length && cmdline[end] != 0) {
                        end++;
                    }
                    procs.put(pid, new Proc(pid, Long.parseLong(rest[1]), comm,
                            new String(cmdline, 0, end, StandardCharsets.UTF_8)));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return new ProcTree(procs);
    }

    /** {@code root} and everything below it. */
    List<Proc> tree(long root) {
        List<Proc> out = new ArrayList<>();
        Proc self = byPid.get(root);
        if (self == null) {
            return out;
        }
        Deque<Proc> todo = new ArrayDeque<>(List.of(self));
        while (!todo.isEmpty()) {
            Proc p = todo.pop();
            out.add(p);
            children.getOrDefault(p.pid(), List.of()).forEach(todo::push);
        }
        return out;
    }

    /**
     * The Claude Code CLIs below {@code root} (the server's JVM): processes of the claude binary
     * that no other one started (it runs helpers, such as its bundled ripgrep, as itself).
     */
    List<Proc> claudes(long root) {
        return tree(root).stream().filter(Proc::isClaude).filter(p -> !hasClaudeAncestor(p, root)).toList();
    }

    private boolean hasClaudeAncestor(Proc proc, long root) {
        for (Proc p = byPid.get(proc.ppid()); p != null && p.pid() != root; p = byPid.get(p.ppid())) {
            if (p.isClaude()) {
                return true;
            }
        }
        return false;
    }

    /** CLIs alive below a server, and the memory of the process trees they live in. */
    record LiveClis(int clis, long pssKb) {}

    /**
     * The CLIs below {@code root} and the summed PSS of their sandboxes: for each CLI its outermost
     * bubblewrap ancestor below {@code root} (or the CLI itself when it runs unsandboxed), each
     * with its whole process tree, counted once.
     */
    LiveClis liveClis(long root) {
        List<Proc> clis = claudes(root);
        Set<Long> trees = new HashSet<>();
        for (Proc cli : clis) {
            long top = cli.pid();
            for (Proc p = byPid.get(cli.ppid()); p != null && p.pid() != root; p = byPid.get(p.ppid())) {
                if (p.isBwrap()) {
                    top = p.pid();
                }
            }
            trees.add(top);
        }
        long pss = trees.stream().flatMap(t -> tree(t).stream()).mapToLong(p -> pssKb(p.pid())).sum();
        return new LiveClis(clis.size(), pss);
    }

    /** The process's proportional set size in kB (0 when it is gone or unreadable). */
    static long pssKb(long pid) {
        return Machine.procLine(Path.of("/proc/" + pid + "/smaps_rollup"), "Pss:").orElse(0L);
    }

    static long rssKb(long pid) {
        return Machine.procLine(Path.of("/proc/" + pid + "/status"), "VmRSS:").orElse(0L);
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
