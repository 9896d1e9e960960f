package io.spidernet.spiderpool.controller;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.spidernet.spiderpool.kube.UpstreamFlags;
import java.util.Map;

/**
 * Starts the controller with upstream's command line ({@code daemon --config-path=…
 * --tls-server-cert=… --tls-server-key=…}, as the chart's Deployment gives it), each flag as the
 * property it stands for ({@link UpstreamFlags}). The TLS flags name the webhook's provided
 * certificate, so the chart's mounted Secret is served. Arguments that cannot be used stop the start
 * ({@link CommandLineCheck}).
 */
@QuarkusMain
public final class ControllerMain {

    /** Upstream's controller flags and the setting each stands for. */
    public static final Map<String, String> FLAGS = Map.of(
            "config-path", "spiderpool.controller.conf-file",
            "tls-server-cert", "spiderpool.controller.webhook.cert-file",
            "tls-server-key", "spiderpool.controller.webhook.key-file");

    private ControllerMain() {
    }

    public static void main(String... args) {
        UpstreamFlags.runWith(args, FLAGS, Quarkus::run);
    }
}
