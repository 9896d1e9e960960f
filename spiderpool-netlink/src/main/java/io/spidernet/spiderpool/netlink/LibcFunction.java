package io.spidernet.spiderpool.netlink;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

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
    SOCKET("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), true),
    BIND("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), true),
    SEND("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), true),
    RECV("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), true),
    CLOSE("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), true),
    // open(2) is variadic; called with only its two fixed arguments it has the plain ABI
    OPEN("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), true),
    SETNS("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), true),
    POLL("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), true),
    RECVFROM("recvfrom", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS), true),
    // reads no errno of its own: it only turns one into text
    STRERROR("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT), false);

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

    LibcFunction(String symbol, FunctionDescriptor descriptor, boolean capturesErrno) {
        this.symbol = symbol;
        this.descriptor = descriptor;
        this.capturesErrno = capturesErrno;
    }

    /** Looks the function up in the C library and binds it; tens of milliseconds the first time. */
    MethodHandle bind() {
        Linker linker = Linker.nativeLinker();
        MemorySegment address = linker.defaultLookup().find(symbol)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + symbol));
        return capturesErrno
                ? linker.downcallHandle(address, descriptor, Linker.Option.captureCallState(CAPTURED_STATE))
                : linker.downcallHandle(address, descriptor);
    }
}
