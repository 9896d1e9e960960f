package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The CNI program the container runtime executes as {@code spiderpool}, {@code coordinator} or
 * {@code ifacer}. Everything it needs from the process (the name it was invoked by, arguments,
 * environment, stdin, stdout) is read here once and handed to the plugin {@link Personalities}
 * picks, so tests run the whole invocation without a process.
 */
public final class CniMain {
    /** The launcher (src/package/launcher.sh) passes its {@code $0} in this property; a native executable reads argv[0] instead. */
    static final String ARGV0_PROPERTY = "spiderpool.cni.argv0";

    private CniMain() {}

    public static void main(String[] args) {
        String invokedAs = NativeArgv0.invokedAs(System.getProperty(ARGV0_PROPERTY),
                System.getProperty(NativeArgv0.IMAGE_CODE_PROPERTY), NativeArgv0.CMDLINE);
        int status = run(invokedAs, args, System.getenv(), System.in, System.out);
        // halt, not System.exit: exit logs a Runtime.exit event through System.Logger, which costs
        // ~16 ms of a ~60 ms start-up; the reply is already flushed and no shutdown hook exists
        Runtime.getRuntime().halt(status);
    }

    /**
     * One invocation: prints the reply (a result, a CNI error object, or nothing for a successful
     * DEL or CHECK) to stdout and returns the exit status, 0 on success and 1 on error as the spec asks.
     */
    static int run(String invokedAs, String[] args, Map<String, String> env, InputStream stdin, OutputStream stdout) {
        Personalities.Personality personality;
        try {
            personality = Personalities.select(invokedAs, args);
        } catch (CniError unknownName) {
            return print(Personalities.unknownNameReply(unknownName), stdout);
        }
        return run(personality.plugin().get(), env, stdin, stdout);
    }

    /** The IPAM plugin's invocation, as the program makes it when invoked as {@code spiderpool}. */
    static int run(Map<String, String> env, InputStream stdin, OutputStream stdout) {
        return run(Personalities.SPIDERPOOL, new String[0], env, stdin, stdout);
    }

    static int run(CniPlugin plugin, Map<String, String> env, InputStream stdin, OutputStream stdout) {
        return print(plugin.handle(env, stdin), stdout);
    }

    private static int print(CniPlugin.Reply reply, OutputStream stdout) {
        // explicit UTF-8: runtimes start plugins with a bare environment, where the platform
        // encoding may be ASCII and would turn non-ASCII text in messages into '?'
        try {
            if (!reply.json().isEmpty()) {
                stdout.write(reply.json().getBytes(StandardCharsets.UTF_8));
                stdout.write('\n');
            }
            stdout.flush();
        } catch (IOException e) {
            // nowhere left to report to but stderr; the exit status still tells the runtime
            System.err.println("spiderpool: cannot write the reply to stdout: " + e);
            return 1;
        }
        return reply.exitStatus();
    }
}
