package dev.poco.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SeccompFilterTest {

    @ParameterizedTest
    @EnumSource(SeccompFilter.Arch.class)
    void programChecksTheArchitectureFirstAndEndsByAllowing(SeccompFilter.Arch arch) {
        ByteBuffer program = ByteBuffer.wrap(SeccompFilter.program(arch)).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(program.remaining() % 8).isZero();
        assertThat(program.remaining() / 8).isLessThan(256); // jump offsets are one byte
        assertThat(program.getShort(0)).as("ld [arch]").isEqualTo((short) 0x20);
        assertThat(program.getInt(4)).isEqualTo(4);
        assertThat(program.getShort(8)).as("jeq").isEqualTo((short) 0x15);
        assertThat(program.getInt(12)).isEqualTo(arch.auditArch);
        assertThat(program.getInt(20)).as("foreign arch: kill").isEqualTo(0x80000000);
        assertThat(program.getShort(program.limit() - 8)).as("ret").isEqualTo((short) 0x06);
        assertThat(program.getInt(program.limit() - 4)).as("allow").isEqualTo(0x7fff0000);
        assertThat(SeccompFilter.table(arch).keySet()).containsAll(SeccompFilter.DENIED).contains("clone", "clone3");
    }

    /** The hand-written numbers against the kernel headers, where this machine has them. */
    @Test
    void syscallNumbersMatchTheKernelHeaders() throws Exception {
        Map<SeccompFilter.Arch, Path> headers = Map.of(
                SeccompFilter.Arch.X86_64, Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"),
                SeccompFilter.Arch.AARCH64, Path.of("/usr/include/asm-generic/unistd.h"));
        boolean checked = false;
        for (var entry : headers.entrySet()) {
            if (!Files.isRegularFile(entry.getValue())) {
                continue;
            }
            Map<String, Integer> fromHeader = new HashMap<>();
            Matcher matcher = Pattern.compile("#define __NR(?:3264)?_(\\w+)\\s+(\\d+)")
                    .matcher(Files.readString(entry.getValue()));
            while (matcher.find()) {
                fromHeader.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
            }
            assertThat(SeccompFilter.table(entry.getKey())).as("%s", entry.getKey())
                    .allSatisfy((name, nr) -> assertThat(fromHeader.get(name)).as(name).isEqualTo(nr));
            checked = true;
        }
        assumeTrue(checked, "no kernel headers here (apt-get install linux-libc-dev) to check the numbers against");
    }
}
