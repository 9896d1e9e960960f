package io.spidernet.spiderpool.agent;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.spidernet.spiderpool.core.config.UpstreamCommandLine;
import java.util.List;
import java.util.Map;

/**
 * Starts the agent with upstream's command line ({@code daemon --config-path=…}, as the chart's
 * DaemonSet gives it). Each flag becomes a system property before Quarkus reads its configuration,
 * because system properties outrank environment variables and {@code application.properties}: a flag
 * wins over the property it stands for. Arguments that cannot be used stop the start
 * ({@code config.CommandLineCheck}), inside Quarkus so the failure is logged like any other.
 */
@QuarkusMain
public final class AgentMain {

    /** Upstream's agent flags and the setting each stands for. */
    public static final Map<String, String> FLAGS = Map.of("config-path", "spiderpool.agent.conf-file");

    private AgentMain() {
    }

    public static void main(String... args) {
        Map<String, String> settings = UpstreamCommandLine.parse(List.of(args), FLAGS).settings();
        settings.forEach(System::setProperty);
        try {
            Quarkus.run(args);
        } finally {
            // reached only when Quarkus returns instead of exiting the JVM (in tests): leave no trace
            settings.keySet().forEach(System::clearProperty);
        }
    }
}
