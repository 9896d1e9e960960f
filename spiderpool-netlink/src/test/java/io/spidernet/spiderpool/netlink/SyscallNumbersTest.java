package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A wrong number in {@link SyscallNumbers} would make another system call than the one meant, so
 * each row is held to the kernel's own headers (linux-libc-dev) where they are installed; the
 * arm64 row is checked on an amd64 machine too, from asm-generic, which is what arm64 uses.
 */
class SyscallNumbersTest {
    private static final Path X86_64_HEADER = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
    private static final Path GENERIC_HEADER = Path.of("/usr/include/asm-generic/unistd.h");
    private static final Pattern DEFINE = Pattern.compile("^#define __NR_(\\w+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    @Test
    void theX86Row_matchesTheKernelHeader() throws IOException {
        assertRowMatches(SyscallNumbers.X86_64, X86_64_HEADER);
    }

    @Test
    void theArm64Row_matchesTheGenericHeader() throws IOException {
        assertRowMatches(SyscallNumbers.AARCH64, GENERIC_HEADER);
    }

    @Test
    void theJdkArchitectureNamesPickTheirRow_andOthersAreRefusedByName() {
        assertThat(SyscallNumbers.forArch("amd64")).isEqualTo(SyscallNumbers.X86_64);
        assertThat(SyscallNumbers.forArch("aarch64")).isEqualTo(SyscallNumbers.AARCH64);
        assertThatThrownBy(() -> SyscallNumbers.forArch("riscv64"))
                .hasMessageContaining("riscv64").hasMessageContaining("amd64 or arm64");
    }

    /** The numbers of this machine's row reach the kernel as meant: a failing call reports its own errno. */
    @Test
    void callsThroughTheOneHandle_reportTheirErrno() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            assertThat(Libc.close(state, -1)).isEqualTo(-1);
            assertThat(Libc.errno(state)).as("close(-1): EBADF").isEqualTo(9);
            assertThat(Libc.open(state, arena.allocateFrom("/nonexistent/spiderpool"), Libc.O_RDONLY)).isEqualTo(-1);
            assertThat(Libc.errno(state)).as("openat of a missing path: ENOENT").isEqualTo(2);
            int fd = Libc.open(state, arena.allocateFrom("/proc/self/ns/net"), Libc.O_RDONLY | Libc.O_CLOEXEC);
            assertThat(fd).as("openat of our own namespace").isGreaterThanOrEqualTo(0);
            assertThat(Libc.close(state, fd)).isZero();
        }
    }

    private static void assertRowMatches(SyscallNumbers row, Path header) throws IOException {
        if (!Files.isReadable(header)) {
            System.out.println("SyscallNumbersTest: " + header + " is not installed (apt-get install linux-libc-dev):"
                    + " the " + row + " row is not checked against it");
            assumeTrue(false, header + " missing");
        }
        Map<String, Long> defined = new HashMap<>();
        Matcher m = DEFINE.matcher(Files.readString(header));
        while (m.find()) {
            defined.putIfAbsent(m.group(1), Long.parseLong(m.group(2)));
        }
        Map<String, Long> ours = Map.of("socket", row.socket, "bind", row.bind, "sendto", row.sendto,
                "recvfrom", row.recvfrom, "close", row.close, "openat", row.openat, "setns", row.setns, "ppoll", row.ppoll);
        ours.forEach((name, number) -> assertThat(defined.get(name)).as("__NR_%s in %s", name, header).isEqualTo(number));
    }
}
