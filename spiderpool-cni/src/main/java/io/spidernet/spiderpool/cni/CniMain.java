package io.spidernet.spiderpool.cni;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code spiderpool} IPAM binary that the container runtime executes. Everything it needs
 * from the process (environment, stdin, stdout) is read here once and handed to {@link IpamPlugin},
 * so tests run the whole invocation without a process.
 */
public final class CniMain {
    private CniMain() {}

    public static void main(String[] args) {
        int status = run(System.getenv(), System.in, System.out);
        // halt, not System.exit: exit logs a Runtime.exit event through System.Logger, which costs
        // ~16 ms of a ~60 ms start-up; the reply is already flushed and no shutdown hook exists
        Runtime.getRuntime().halt(status);
    }

    /**
     * One invocation: prints the reply (a result, a CNI error object, or nothing for a successful
     * DEL or CHECK) to stdout and returns the exit status, 0 on success and 1 on error as the spec asks.
     */
    static int run(Map<String, String> env, InputStream stdin, OutputStream stdout) {
        return run(new IpamPlugin(AgentClient.CALL_TIMEOUT_MILLIS, new NetnsContainerAddresses()), env, stdin, stdout);
    }

    static int run(IpamPlugin plugin, Map<String, String> env, InputStream stdin, OutputStream stdout) {
        CniPlugin.Reply reply = plugin.handle(env, stdin);
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
