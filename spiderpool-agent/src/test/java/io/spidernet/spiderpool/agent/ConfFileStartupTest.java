package io.spidernet.spiderpool.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A mounted conf.yml, as the chart mounts spiderpool-conf, sets the IPAM switches the agent runs with. */
@QuarkusTest
@TestProfile(ConfFileStartupTest.MountedConf.class)
class ConfFileStartupTest {

    public static class MountedConf extends TempDirsProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("spiderpool.agent.conf-file", confFile().toString());
            overrides.put("spiderpool.agent.max-allocated-ips", "321");
            overrides.put("spiderpool.agent.sysctl-dir", sysctlDir().toString());
            return overrides;
        }

        /** A node's IPv4 sysctls at the kernel's defaults; this conf.yml turns IPv6 off. */
        private static Path sysctlDir() {
            Path dir = DIR.resolve("sysctl");
            Map.of("net/ipv4/neigh/default/gc_thresh3", "1024", "net/ipv4/conf/all/arp_notify", "0",
                    "net/ipv4/conf/all/forwarding", "0", "net/ipv4/conf/all/rp_filter", "2",
                    "net/ipv6/conf/all/forwarding", "0").forEach((path, value) -> {
                        try {
                            Files.createDirectories(dir.resolve(path).getParent());
                            Files.writeString(dir.resolve(path), value + "\n");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            return dir;
        }

        private static Path confFile() {
            try {
                return Files.writeString(DIR.resolve("conf.yml"),
                        "ipamUnixSocketPath: " + cniSocket()
                                + "\nenableIPv6: false\nenableIPConflictDetection: true\nsomeNewerKey: 1\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    SpiderpoolConf conf;

    @Test
    void theAgentRunsWithTheMountedSwitches() {
        assertThat(conf.enableIPv4()).isTrue();
        assertThat(conf.enableIPv6()).isFalse();
        assertThat(conf.enableIPConflictDetection()).isTrue();
        assertThat(conf.maxAllocatedIPs()).isEqualTo(321);
    }

    @Test
    void theChartsDefaultTuneSysctlConfigSetTheIpv4SysctlsBeforeServing() throws IOException {
        Path dir = TempDirsProfile.DIR.resolve("sysctl");
        assertThat(Files.readString(dir.resolve("net/ipv4/neigh/default/gc_thresh3"))).isEqualTo("28160\n");
        assertThat(Files.readString(dir.resolve("net/ipv4/conf/all/arp_notify"))).isEqualTo("1\n");
        assertThat(Files.readString(dir.resolve("net/ipv4/conf/all/forwarding"))).isEqualTo("1\n");
        assertThat(Files.readString(dir.resolve("net/ipv4/conf/all/rp_filter"))).isEqualTo("0\n");
        // enableIPv6: false
        assertThat(Files.readString(dir.resolve("net/ipv6/conf/all/forwarding"))).isEqualTo("0\n");
    }
}
