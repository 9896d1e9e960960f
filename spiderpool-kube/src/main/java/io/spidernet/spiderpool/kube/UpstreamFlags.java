package io.spidernet.spiderpool.kube;

import io.spidernet.spiderpool.core.config.UpstreamCommandLine;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts either app with upstream's command line ({@code daemon --config-path=…}, as the chart gives
 * it). Each flag becomes a system property before the app reads its configuration, because system
 * properties outrank environment variables and {@code application.properties}: a flag wins over the
 * property it stands for. Arguments that cannot be used are not refused here but by the app's own
 * start-up check, so the failure is logged like any other.
 */
public final class UpstreamFlags {
    private UpstreamFlags() {}

    /**
     * @param flags each known flag without its dashes and the property it sets
     * @param start the app's start, given {@code args} unchanged
     */
    public static void runWith(String[] args, Map<String, String> flags, Consumer<String[]> start) {
        Map<String, String> settings = UpstreamCommandLine.parse(List.of(args), flags).settings();
        settings.forEach(System::setProperty);
        try {
            start.accept(args);
        } finally {
            // reached only when the start returns instead of exiting the JVM (in tests): leave no trace
            settings.keySet().forEach(System::clearProperty);
        }
    }
}
