package io.spidernet.spiderpool.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A flag is the property it stands for while the app starts, and leaves no trace once the start returns. */
class UpstreamFlagsTest {
    private static final Map<String, String> FLAGS = Map.of("config-path", "spiderpool.test.flags.conf-file");

    @Test
    void eachFlagIsItsPropertyDuringTheStartOnly() {
        Map<String, String> seen = new HashMap<>();
        String[] args = {"daemon", "--config-path=/etc/conf.yml"};

        UpstreamFlags.runWith(args, FLAGS, given -> {
            assertThat(given).containsExactly(args);
            seen.put("during", System.getProperty("spiderpool.test.flags.conf-file"));
        });

        assertThat(seen).containsEntry("during", "/etc/conf.yml");
        assertThat(System.getProperty("spiderpool.test.flags.conf-file")).isNull();
    }

    @Test
    void anUnknownFlagIsLeftForTheAppsOwnCheck() {
        String[] args = {"daemon", "--config-pth=/etc/conf.yml"};
        boolean[] started = {false};

        UpstreamFlags.runWith(args, FLAGS, given -> started[0] = true);

        assertThat(started[0]).isTrue();
    }
}
