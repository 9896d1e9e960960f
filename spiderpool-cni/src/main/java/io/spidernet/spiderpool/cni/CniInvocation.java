package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniCommand;
import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.CniRequest;
import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.cni.SpiderpoolErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What every personality does around its verbs, in one place: the environment checked before
 * stdin is read (as libcni does: a person running the binary by hand without CNI_COMMAND gets an
 * answer instead of a read blocking on the TTY), VERSION answered before the configuration is
 * parsed, and every failure turned into a CNI error object in the version the configuration asked
 * for — a bug or a broken installation (a jar missing) too, never a stack trace alone.
 */
final class CniInvocation {
    /** A personality's verbs other than VERSION, given the parsed environment and the raw configuration. */
    interface Verbs {
        CniPlugin.Reply run(CniRequest request, byte[] config);
    }

    private CniInvocation() {}

    /** @param internalPrefix put before an unexpected exception's text, naming the plugin ("" for IPAM) */
    static CniPlugin.Reply handle(Map<String, String> env, InputStream stdin, String internalPrefix, Verbs verbs) {
        byte[] config = new byte[0];
        try {
            CniRequest request = CniRequest.fromEnv(env);
            config = readStdin(stdin);
            if (request.command() == CniCommand.VERSION) {
                return new CniPlugin.Reply(CniVersion.versionReply(CniVersion.declaredIn(text(config))), 0);
            }
            return verbs.run(request, config);
        } catch (CniError e) {
            return new CniPlugin.Reply(e.toJson(CniVersion.replyVersionFor(text(config)).text()), 1);
        } catch (RuntimeException | LinkageError e) {
            // the message is all a report will have: no plugin writes a log file, so say where it was thrown
            StackTraceElement[] trace = e.getStackTrace();
            String where = trace.length == 0 ? "" : " (at " + trace[0] + ")";
            CniError internal = new CniError.Spiderpool(SpiderpoolErrorKind.INTERNAL, internalPrefix + e + where);
            return new CniPlugin.Reply(internal.toJson(CniVersion.replyVersionFor(text(config)).text()), 1);
        }
    }

    private static byte[] readStdin(InputStream stdin) {
        try {
            return stdin.readAllBytes();
        } catch (IOException e) {
            throw new CniError.IoFailure("cannot read the network configuration from stdin: " + e.getMessage(),
                    "the container runtime must pass the network configuration on stdin");
        }
    }

    /** Lenient decoding for finding the reply's version; the strict decoding is the netconf parsers'. */
    private static String text(byte[] config) {
        return new String(config, StandardCharsets.UTF_8);
    }
}
