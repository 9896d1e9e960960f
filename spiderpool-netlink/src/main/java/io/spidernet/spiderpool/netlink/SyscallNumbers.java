package io.spidernet.spiderpool.netlink;

/**
 * The Linux system call numbers of the calls {@link Libc} makes through {@code syscall(2)}. The
 * calls are the same on every architecture but their numbers are not (asm/unistd_64.h on x86-64,
 * asm-generic/unistd.h on arm64); SyscallNumbersTest holds both rows to the kernel headers when
 * they are installed. Only {@code *at} and {@code ppoll} forms are used: arm64 has no open or poll.
 */
enum SyscallNumbers {
    X86_64(41, 49, 44, 45, 3, 257, 308, 271),
    AARCH64(198, 200, 206, 207, 57, 56, 268, 73);

    final long socket;
    final long bind;
    final long sendto;
    final long recvfrom;
    final long close;
    final long openat;
    final long setns;
    final long ppoll;

    SyscallNumbers(long socket, long bind, long sendto, long recvfrom, long close, long openat, long setns, long ppoll) {
        this.socket = socket;
        this.bind = bind;
        this.sendto = sendto;
        this.recvfrom = recvfrom;
        this.close = close;
        this.openat = openat;
        this.setns = setns;
        this.ppoll = ppoll;
    }

    /**
     * The row for {@code os.arch} as the JDK names it. Only amd64 and arm64 are built and shipped (the
     * images and the CNI tree), so any other architecture is refused by name at the first native call,
     * rather than making a system call whose number means something else there.
     */
    static SyscallNumbers forArch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> throw new IllegalStateException("spiderpool's netlink code knows the system call numbers"
                    + " of amd64 and aarch64 only, not of " + osArch + "; run the amd64 or arm64 build");
        };
    }
}
