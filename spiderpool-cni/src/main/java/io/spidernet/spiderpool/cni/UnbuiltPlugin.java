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
 * Stands in the registry for a personality whose plugin this build does not contain yet: it
 * answers VERSION like every plugin and refuses every other verb by name, so that a network
 * chaining it fails with that reason instead of running the IPAM plugin under the wrong name.
 * {@link Personalities} replaces it with the real plugin.
 */
final class UnbuiltPlugin implements CniPlugin {
    private final String name;

    UnbuiltPlugin(String name) {
        this.name = name;
    }

    @Override
    public Reply handle(Map<String, String> env, InputStream stdin) {
        String config = "";
        try {
            CniRequest request = CniRequest.fromEnv(env);
            config = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            if (request.command() == CniCommand.VERSION) {
                return new Reply(CniVersion.versionReply(CniVersion.declaredIn(config)), 0);
            }
            throw new CniError.Spiderpool(SpiderpoolErrorKind.INTERNAL, "the " + name
                    + " plugin is not part of this build yet; CNI_COMMAND=" + request.command() + " cannot be served");
        } catch (CniError e) {
            return new Reply(e.toJson(CniVersion.replyVersionFor(config).text()), 1);
        } catch (IOException e) {
            CniError error = new CniError.IoFailure("cannot read the network configuration from stdin: " + e.getMessage(),
                    "the container runtime must pass the network configuration on stdin");
            return new Reply(error.toJson(CniVersion.LATEST.text()), 1);
        }
    }
}
