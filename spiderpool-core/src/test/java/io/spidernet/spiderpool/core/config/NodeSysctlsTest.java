package io.spidernet.spiderpool.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.config.NodeSysctls.Setting;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeSysctlsTest {

    private static List<String> assignments(List<Setting> settings) {
        return settings.stream().map(s -> s.name() + "=" + s.value()).toList();
    }

    @Test
    void dualStackSetsUpstreamsSixInItsOrder() {
        assertThat(assignments(NodeSysctls.forFamilies(true, true))).containsExactly(
                "net.ipv4.neigh.default.gc_thresh3=28160",
                "net.ipv6.neigh.default.gc_thresh3=28160",
                "net.ipv4.conf.all.arp_notify=1",
                "net.ipv4.conf.all.forwarding=1",
                "net.ipv6.conf.all.forwarding=1",
                "net.ipv4.conf.all.rp_filter=0");
    }

    @Test
    void ipv4OnlyLeavesTheIpv6SettingsAlone() {
        assertThat(assignments(NodeSysctls.forFamilies(true, false))).containsExactly(
                "net.ipv4.neigh.default.gc_thresh3=28160",
                "net.ipv4.conf.all.arp_notify=1",
                "net.ipv4.conf.all.forwarding=1",
                "net.ipv4.conf.all.rp_filter=0");
    }

    @Test
    void ipv6OnlyStillTurnsOffTheIpv4ReversePathFilterAsUpstream() {
        assertThat(assignments(NodeSysctls.forFamilies(false, true))).containsExactly(
                "net.ipv6.neigh.default.gc_thresh3=28160",
                "net.ipv6.conf.all.forwarding=1",
                "net.ipv4.conf.all.rp_filter=0");
    }

    @Test
    void noFamilyNothing() {
        assertThat(NodeSysctls.forFamilies(false, false)).isEmpty();
    }

    @Test
    void theFileIsTheNameWithSlashes() {
        assertThat(NodeSysctls.forFamilies(true, false).get(0).path()).isEqualTo("net/ipv4/neigh/default/gc_thresh3");
    }
}
