package io.spidernet.spiderpool.netlink;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Every native function the project calls, with the descriptor and linker options it is bound
 * with: the one place a downcall is declared. A native image can only make the downcalls whose
 * descriptor and options were registered when it was built, so
 * {@code src-native-config/spiderpool-cni/reachability-metadata.json} lists exactly these, and
 * {@code NativeDowncallConfigTest} fails when the two differ. Declaring a constant binds nothing:
 * {@link #bind()} does, in the class that uses the handle, so a path that never needs a call
 * never pays for binding it.
 */
@SuppressWarnings("restricted")
enum LibcFunction {
    /**
     * {@code long syscall(long number, ...)}: every call {@link Libc} makes goes through this one
     * handle, so a process spins one downcall stub (and its ~15 LambdaForms, which the AOT cache
     * cannot hold) instead of one per function: each costs milliseconds at every coordinator exec.
     * All arguments are passed as longs (pointers by their address), which the variadic ABI allows.
     */
    SYSCALL("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
            JAVA_LONG, JAVA_LONG), true, 1),
    // reads no errno of its own: it only turns one into text
    STRERROR("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT), false, -1);

    /** The state {@link Libc#errno} reads back; captured by every function declared with {@code capturesErrno}. */
    static final String CAPTURED_STATE = "errno";

    final String symbol;
    final FunctionDescriptor descriptor;
    /**
     * Whether each call captures errno right after it returns, into a state segment passed as
     * the handle's first argument: reading it later through another downcall would see whatever
     * the JVM did in between.
     */
    final boolean capturesErrno;
    /** The index of the first variadic argument, -1 when the function has none. */
    final int firstVariadicArg;

    LibcFunction(String symbol, FunctionDescriptor descriptor, boolean capturesErrno, int firstVariadicArg) {
        this.symbol = symbol;
        this.descriptor = descriptor;
        this.capturesErrno = capturesErrno;
        this.firstVariadicArg = firstVariadicArg;
    }

    /** Looks the function up in the C library and binds it; tens of milliseconds the first time. */
    MethodHandle bind() {
        Linker linker = Linker.nativeLinker();
        MemorySegment address = linker.defaultLookup().find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + symbol));
        List<Linker.Option> options = new ArrayList<>(2);
        if (firstVariadicArg >= 0) {
            options.add(Linker.Option.firstVariadicArg(firstVariadicArg));
        }
        if (capturesErrno) {
            options.add(Linker.Option.captureCallState(CAPTURED_STATE));
        }
        return linker.downcallHandle(address, descriptor, options.toArray(Linker.Option[]::new));
    }
}
