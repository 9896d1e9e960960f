package io.spidernet.spiderpool.agent;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.spidernet.spiderpool.kube.UpstreamFlags;
import java.util.Map;

/**
 * Starts the agent with upstream's command line ({@code daemon --config-path=…}, as the chart's
 * DaemonSet gives it), each flag as the property it stands for ({@link UpstreamFlags}). Arguments that
 * cannot be used stop the start ({@code config.CommandLineCheck}), inside Quarkus so the failure is
 * logged like any other.
 */
@QuarkusMain
public final class AgentMain {

    /** Upstream's agent flags and the setting each stands for. */
    public static final Map<String, String> FLAGS = Map.of("config-path", "spiderpool.agent.conf-file");

    private AgentMain() {
    }

    public static void main(String... args) {
        UpstreamFlags.runWith(args, FLAGS, Quarkus::run);
    }
}
