package dev.poco.runner.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seccomp program every sandboxed command runs under, as the classic-BPF bytes bwrap's {@code --seccomp FD}
 * loads: an array of {@code struct sock_filter {u16 code; u8 jt; u8 jf; u32 k;}}, little endian. Generated here
 * rather than with libseccomp so the runner stays free of native dependencies; the program is small and fixed.
 *
 * <p>It refuses with EPERM what a sandboxed agent never needs and what widens the kernel's attack surface: new
 * namespaces (unshare, setns, clone with any {@code CLONE_NEW*} flag), mounts (old and new mount API), keyrings,
 * bpf, perf, userfaultfd, ptrace and cross-process memory access, module and kexec loading, file handles (which
 * bypass the mount namespace), swap, reboot and acct. {@code clone3} gets ENOSYS: its flags live in memory BPF cannot
 * read, and ENOSYS makes glibc fall back to {@code clone}, which is checked (what Docker and Flatpak do). On x86_64
 * the x32 ABI is refused, and a syscall made under any other architecture (i386 through {@code int 0x80}) kills the
 * process, since this program's numbers would not mean the same calls.
 */
final class SeccompFilter {

    /** Audit architecture of the host, as the kernel reports it in {@code seccomp_data.arch}. */
    enum Arch {
        // Declaration order is the column order of NUMBERS.
        X86_64(0xc000003e),
        AARCH64(0xc00000b7);

        final int auditArch;

        Arch(int auditArch) {
            this.auditArch = auditArch;
        }

        /** The running JVM's architecture, or an exception naming it when the filter has no table for it. */
        static Arch host() {
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            return switch (arch) {
                case "amd64", "x86_64" -> X86_64;
                case "aarch64", "arm64" -> AARCH64;
                default -> throw new SandboxUnavailableException("no seccomp syscall table for architecture " + arch
                        + "; Poco's sandbox supports x86_64 and aarch64");
            };
        }
    }

    static final int EPERM = 1;
    static final int ENOSYS = 38;
    /** CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET (NEWTIME shares clone's exit-signal byte). */
    static final int CLONE_NEW_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000
            | 0x40000000;

    private static final int X32_SYSCALL_BIT = 0x40000000;
    private static final int SECCOMP_RET_KILL_PROCESS = 0x80000000;
    private static final int SECCOMP_RET_ERRNO = 0x00050000;
    private static final int SECCOMP_RET_ALLOW = 0x7fff0000;
    private static final short LD_W_ABS = 0x20;
    private static final short JEQ_K = 0x15;
    private static final short JGE_K = 0x35;
    private static final short JSET_K = 0x45;
    private static final short RET_K = 0x06;
    private static final int OFFSET_NR = 0;
    private static final int OFFSET_ARCH = 4;
    /** Low 32 bits of {@code args[0]} (little endian): clone's flags on both architectures. */
    private static final int OFFSET_ARG0_LOW = 16;

    /** Refused with EPERM; names in the kernel's spelling. */
    static final List<String> DENIED = List.of("unshare", "setns", "mount", "umount2", "pivot_root", "open_tree",
            "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "keyctl", "add_key",
            "request_key", "bpf", "perf_event_open", "userfaultfd", "ptrace", "process_vm_readv", "process_vm_writev",
            "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "open_by_handle_at",
            "name_to_handle_at", "swapon", "swapoff", "reboot", "acct");

    /** Syscall numbers: {x86_64, aarch64 (the generic table of {@code asm-generic/unistd.h})}. */
    private static final Map<String, int[]> NUMBERS = Map.ofEntries(
            Map.entry("unshare", new int[] {272, 97}),
            Map.entry("setns", new int[] {308, 268}),
            Map.entry("mount", new int[] {165, 40}),
            Map.entry("umount2", new int[] {166, 39}),
            Map.entry("pivot_root", new int[] {155, 41}),
            Map.entry("open_tree", new int[] {428, 428}),
            Map.entry("move_mount", new int[] {429, 429}),
            Map.entry("fsopen", new int[] {430, 430}),
            Map.entry("fsconfig", new int[] {431, 431}),
            Map.entry("fsmount", new int[] {432, 432}),
            Map.entry("fspick", new int[] {433, 433}),
            Map.entry("mount_setattr", new int[] {442, 442}),
            Map.entry("keyctl", new int[] {250, 219}),
            Map.entry("add_key", new int[] {248, 217}),
            Map.entry("request_key", new int[] {249, 218}),
            Map.entry("bpf", new int[] {321, 280}),
            Map.entry("perf_event_open", new int[] {298, 241}),
            Map.entry("userfaultfd", new int[] {323, 282}),
            Map.entry("ptrace", new int[] {101, 117}),
            Map.entry("process_vm_readv", new int[] {310, 270}),
            Map.entry("process_vm_writev", new int[] {311, 271}),
            Map.entry("kexec_load", new int[] {246, 104}),
            Map.entry("kexec_file_load", new int[] {320, 294}),
            Map.entry("init_module", new int[] {175, 105}),
            Map.entry("finit_module", new int[] {313, 273}),
            Map.entry("delete_module", new int[] {176, 106}),
            Map.entry("open_by_handle_at", new int[] {304, 265}),
            Map.entry("name_to_handle_at", new int[] {303, 264}),
            Map.entry("swapon", new int[] {167, 224}),
            Map.entry("swapoff", new int[] {168, 225}),
            Map.entry("reboot", new int[] {169, 142}),
            Map.entry("acct", new int[] {163, 89}),
            Map.entry("clone", new int[] {56, 220}),
            Map.entry("clone3", new int[] {435, 435}));

    private SeccompFilter() {
    }

    /** The syscall's number; every name the filter uses is in the table, so a miss is a bug here. */
    private static int number(Map<String, Integer> table, String name) {
        Integer nr = table.get(name);
        if (nr == null) {
            throw new IllegalStateException("No syscall number for " + name);
        }
        return nr;
    }

    static Map<String, Integer> table(Arch arch) {
        Map<String, Integer> table = new HashMap<>();
        NUMBERS.forEach((name, numbers) -> table.put(name, numbers[arch.ordinal()]));
        return table;
    }

    /** The program for {@code arch}, ready to be written to the file bwrap reads. */
    static byte[] program(Arch arch) {
        Map<String, Integer> table = table(arch);
        List<long[]> code = new ArrayList<>();
        code.add(stmt(LD_W_ABS, OFFSET_ARCH));
        code.add(jump(JEQ_K, arch.auditArch, 1, 0));
        code.add(stmt(RET_K, SECCOMP_RET_KILL_PROCESS));
        code.add(stmt(LD_W_ABS, OFFSET_NR));
        if (arch == Arch.X86_64) {
            code.add(jump(JGE_K, X32_SYSCALL_BIT, 0, 1));
            code.add(stmt(RET_K, SECCOMP_RET_ERRNO | EPERM));
        }
        for (String name : DENIED) {
            code.add(jump(JEQ_K, number(table, name), 0, 1));
            code.add(stmt(RET_K, SECCOMP_RET_ERRNO | EPERM));
        }
        code.add(jump(JEQ_K, number(table, "clone3"), 0, 1));
        code.add(stmt(RET_K, SECCOMP_RET_ERRNO | ENOSYS));
        // Last, because loading the argument replaces the syscall number in the accumulator.
        code.add(jump(JEQ_K, number(table, "clone"), 0, 3));
        code.add(stmt(LD_W_ABS, OFFSET_ARG0_LOW));
        code.add(jump(JSET_K, CLONE_NEW_FLAGS, 0, 1));
        code.add(stmt(RET_K, SECCOMP_RET_ERRNO | EPERM));
        code.add(stmt(RET_K, SECCOMP_RET_ALLOW));

        ByteBuffer bytes = ByteBuffer.allocate(code.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long[] insn : code) {
            bytes.putShort((short) insn[0]).put((byte) insn[1]).put((byte) insn[2]).putInt((int) insn[3]);
        }
        return bytes.array();
    }

    private static long[] stmt(short code, int k) {
        return new long[] {code, 0, 0, k & 0xffffffffL};
    }

    private static long[] jump(short code, int k, int jt, int jf) {
        return new long[] {code, jt, jf, k & 0xffffffffL};
    }
}
