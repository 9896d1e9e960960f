package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.coordinator.PodFacts;
import io.spidernet.spiderpool.core.coordinator.RouteSpec;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.netlink.Netns;
import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the reader takes from a live pod namespace and the (test's) host namespace. */
class PodFactsReaderTest {

    @Test
    void readsLinksAddressesRoutesPerNextHopAndTheHostsSourceTowardsEachPodIp() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture host = NetnsFixture.create("frh"); NetnsFixture pod = NetnsFixture.create("frp")) {
            host.ip("link", "add", "uplink", "type", "veth", "peer", "name", "uplink-p");
            host.ip("addr", "add", "192.0.2.1/24", "dev", "uplink");
            host.ip("link", "set", "uplink", "up");
            host.ip("link", "set", "uplink-p", "up");
            host.ip("link", "add", "mv0", "link", "uplink", "type", "macvlan", "mode", "bridge");
            host.ip("link", "set", "mv0", "netns", pod.name());
            pod.ip("link", "set", "mv0", "name", "eth0");
            pod.ip("addr", "add", "192.0.2.10/24", "dev", "eth0");
            pod.ip("link", "set", "eth0", "up");
            pod.ip("link", "add", "net1", "type", "veth", "peer", "name", "net1-p");
            pod.ip("addr", "add", "198.51.100.10/24", "dev", "net1");
            pod.ip("link", "set", "net1", "up");
            pod.ip("link", "set", "net1-p", "up");
            pod.ip("route", "add", "default", "nexthop", "via", "192.0.2.254", "dev", "eth0",
                    "nexthop", "via", "198.51.100.254", "dev", "net1");
            pod.ip("route", "add", "203.0.113.0/24", "via", "198.51.100.254", "dev", "net1", "table", "101");

            PodFacts facts = Netns.run(host.path(), () -> new PodFactsReader().read(pod.path()));

            PodFacts.LinkFact eth0 = link(facts, "eth0");
            assertThat(eth0.kind()).isEqualTo("macvlan");
            assertThat(eth0.up()).isTrue();
            assertThat(eth0.broadcast()).isTrue();
            assertThat(eth0.peerIndex()).isZero();
            assertThat(link(facts, "lo").broadcast()).isFalse();
            PodFacts.LinkFact net1 = link(facts, "net1");
            assertThat(net1.peerIndex()).isEqualTo(link(facts, "net1-p").index());
            assertThat(net1.mac()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}").isEqualTo(mac(pod.ip("link", "show", "net1")));
            assertThat(facts.podAddresses().get("eth0")).first().isEqualTo(Cidr.parse("192.0.2.10/24"));
            assertThat(facts.podRoutes()).contains(
                    route(RouteSpec.MAIN, null, "192.0.2.254", "eth0"),
                    route(RouteSpec.MAIN, null, "198.51.100.254", "net1"),
                    route(101, "203.0.113.0/24", "198.51.100.254", "net1"));
            assertThat(facts.hostLinks()).extracting(PodFacts.LinkFact::name).contains("uplink", "uplink-p")
                    .doesNotContain("eth0");
            assertThat(facts.hostAddresses().get("uplink")).contains(Cidr.parse("192.0.2.1/24"));
            // the host reaches 192.0.2.10 from 192.0.2.1 and has no route at all to 198.51.100.10
            assertThat(facts.hostSourceFor()).containsAllEntriesOf(
                    Map.of(IpAddress.parse("192.0.2.10"), IpAddress.parse("192.0.2.1")))
                    .doesNotContainKey(IpAddress.parse("198.51.100.10"));
            assertThat(facts.vethMacs().podEnd()).isNotEqualTo(facts.vethMacs().hostEnd());
        }
    }

    private static RouteSpec route(int table, String dst, String via, String dev) {
        return new RouteSpec(table, dst == null ? null : Cidr.parse(dst), IpAddress.parse(via), dev,
                RouteSpec.Scope.UNIVERSE, null);
    }

    private static PodFacts.LinkFact link(PodFacts facts, String name) {
        return facts.podLinks().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    private static String mac(String ipLinkShow) {
        int at = ipLinkShow.indexOf("link/ether ") + "link/ether ".length();
        return ipLinkShow.substring(at, at + 17);
    }
}
