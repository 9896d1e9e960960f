package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniCommand;
import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.CniRequest;
import io.spidernet.spiderpool.core.cni.CniVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The IPAM verbs. This build answers VERSION only; ADD, DEL and CHECK arrive with the node path
 * (agent client, namespace work) and will slot in here as one short method each.
 */
final class IpamPlugin {
    /** What to print and how to exit. */
    record Reply(String json, int exitStatus) {}

    private IpamPlugin() {}

    static Reply handle(Map<String, String> env, InputStream stdin) {
        // the environment is checked before stdin is read, as libcni does: a person running the
        // binary by hand without CNI_COMMAND gets an answer instead of a read blocking on the TTY
        String config = "";
        try {
            CniRequest request = CniRequest.fromEnv(env);
            config = readStdin(stdin);
            if (request.command() == CniCommand.VERSION) {
                return new Reply(CniVersion.versionReply(CniVersion.declaredIn(config)), 0);
            }
            throw notServed(request.command());
        } catch (CniError e) {
            return new Reply(e.toJson(CniVersion.replyVersionFor(config).text()), 1);
        }
    }

    /**
     * Code 4 because, like libcni's answer to a command it does not know, the problem is the
     * value of CNI_COMMAND for this binary; the config and the container are not at fault.
     */
    private static CniError notServed(CniCommand command) {
        return new CniError.InvalidEnvironment(
                CniRequest.COMMAND + "=" + command + " is not served by this build of the spiderpool plugin,"
                        + " which answers VERSION only",
                "ADD, DEL and CHECK arrive with the node path (agent client, namespace handling);"
                        + " install a build that has them before using spiderpool as a network's IPAM");
    }

    private static String readStdin(InputStream stdin) {
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CniError.IoFailure("cannot read the network configuration from stdin: " + e.getMessage(),
                    "the container runtime must pass the network configuration on stdin");
        }
    }
}
