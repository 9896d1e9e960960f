package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the request builders refuse before the kernel would, each at its boundary, and link decoding. */
class LinkRequestValidationTest {

    @Test
    void anInterfaceNameHasAtMost15Bytes() {
        assertThatCode(() -> create(new NewLink("a23456789012345", new NewLink.Bridge()))).doesNotThrowAnyException();
        assertThatThrownBy(() -> create(new NewLink("a234567890123456", new NewLink.Bridge())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a234567890123456'")
                .hasMessageContaining("1 to 15 bytes");
        assertThatThrownBy(() -> create(new NewLink("a/b", new NewLink.Bridge()))).hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> create(new NewLink("v0", new NewLink.Veth("", MacAddress.NONE, 0, -1))))
                .hasMessageContaining("veth peer name ''");
    }

    @Test
    void aVlanIdIsFrom1To4094() {
        assertThatCode(() -> create(vlan(1))).doesNotThrowAnyException();
        assertThatCode(() -> create(vlan(4094))).doesNotThrowAnyException();
        assertThatThrownBy(() -> create(vlan(0))).hasMessage("vlan eth0.x: vlan id 0 is out of range 1..4094");
        assertThatThrownBy(() -> create(vlan(4095))).hasMessage("vlan eth0.x: vlan id 4095 is out of range 1..4094");
    }

    @Test
    void modesAreTheKernelsOwn() {
        assertThatCode(() -> create(new NewLink("b", new NewLink.Bond(6, Map.of())))).doesNotThrowAnyException();
        assertThatThrownBy(() -> create(new NewLink("b", new NewLink.Bond(7, Map.of())))).hasMessageContaining("bond mode 7");
        assertThatThrownBy(() -> create(new NewLink("b", new NewLink.Bond(-1, Map.of())))).hasMessageContaining("bond mode -1");
        assertThatThrownBy(() -> create(new NewLink("m", new NewLink.Macvlan(2, 3)))).hasMessageContaining("mode 3");
        assertThatThrownBy(() -> create(new NewLink("i", new NewLink.Ipvlan(2, 3)))).hasMessageContaining("mode 3");
        assertThatThrownBy(() -> create(new NewLink("m", new NewLink.Macvlan(0, 4)))).hasMessageContaining("parent index 0");
    }

    @Test
    void anUnknownBondOptionIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> create(bond(Map.of("mimon", "100"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'mimon' is not known")
                .hasMessageContaining(String.join(", ", Links.knownBondOptions()));
        assertThat(Links.knownBondOptions()).contains("miimon", "arp_ip_target", "updelay", "up_delay", "peer_notif_delay")
                .hasSize(26);
    }

    @Test
    void updelayAndUpDelayAreOneOptionGivenOnce() throws Exception {
        assertThat(bytes(bond(Map.of("updelay", "200")))).isEqualTo(bytes(bond(Map.of("up_delay", "200"))));
        assertThatThrownBy(() -> create(bond(Map.of("updelay", "200", "up_delay", "200"))))
                .hasMessageContaining("both updelay and up_delay");
    }

    @Test
    void bondNumbersMustFitTheirAttributesWidth() {
        assertThatCode(() -> create(bond(Map.of("lacp_rate", "255")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> create(bond(Map.of("lacp_rate", "256"))))
                .hasMessage("bond bond0 option lacp_rate=256: give a whole number from 0 to 255");
        assertThatCode(() -> create(bond(Map.of("ad_actor_sys_prio", "65535")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> create(bond(Map.of("ad_actor_sys_prio", "65536")))).hasMessageContaining("0 to 65535");
        assertThatCode(() -> create(bond(Map.of("miimon", "4294967295")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> create(bond(Map.of("miimon", "4294967296")))).hasMessageContaining("0 to 4294967295");
        assertThatThrownBy(() -> create(bond(Map.of("miimon", "fast")))).hasMessageContaining("miimon=fast");
        assertThatThrownBy(() -> create(bond(Map.of("ad_actor_system", "02:00")))).hasMessageContaining("ad_actor_system=02:00");
    }

    @Test
    void arpTargetsAreOneTo16Ipv4AddressesInAnyOfUpstreamsSpellings() {
        byte[] bracketed = bytes(bond(Map.of("arp_ip_target", "[192.0.2.1,192.0.2.2]")));
        assertThat(bytes(bond(Map.of("arp_ip_target", "192.0.2.1,192.0.2.2")))).isEqualTo(bracketed);
        assertThat(bytes(bond(Map.of("arp_ip_target", "[\"192.0.2.1\", \"192.0.2.2\"]")))).isEqualTo(bracketed);

        assertThatCode(() -> create(bond(Map.of("arp_ip_target", targets(16))))).doesNotThrowAnyException();
        assertThatThrownBy(() -> create(bond(Map.of("arp_ip_target", targets(17))))).hasMessageContaining("give 1 to 16");
        assertThatThrownBy(() -> create(bond(Map.of("arp_ip_target", "[]")))).hasMessageContaining("give 1 to 16");
        assertThatThrownBy(() -> create(bond(Map.of("arp_ip_target", "2001:db8::1")))).hasMessageContaining("not IPv4");
    }

    @Test
    void aPrimaryNameMustHaveBeenResolved() {
        assertThatThrownBy(() -> Links.createRequest(bond(Map.of("primary", "eth1")), Map.of()))
                .hasMessageContaining("option primary=eth1: the interface name was not resolved");
    }

    @Test
    void negativeSettingsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> Links.setTxQueueLenRequest(5, -1)).hasMessage("txqueuelen -1 must not be negative");
        assertThatThrownBy(() -> Links.setMtuRequest(5, -1)).hasMessage("mtu -1 must not be negative");
        assertThatThrownBy(() -> create(new NewLink("br0", new NewLink.Bridge(), -1, MacAddress.NONE, 0)))
                .hasMessageContaining("mtu -1");
    }

    @Test
    void decodesAVlanLinkWithItsIdParentMasterAndMac() throws NetlinkException {
        NetlinkRequest r = Links.ifinfomsg(new NetlinkRequest(RouteNetlink.RTM_NEWLINK, 0), 7, Link.IFF_UP | Link.IFF_BROADCAST, 0);
        r.attribute(LinkDecoder.IFLA_IFNAME, "eth0.100").attributeU32(LinkDecoder.IFLA_MTU, 1500)
                .attribute(LinkDecoder.IFLA_ADDRESS, HexFormat.of().parseHex("0200c0000201"))
                .attributeU32(LinkDecoder.IFLA_MASTER, 9).attributeU32(LinkDecoder.IFLA_LINK, 2)
                .attributeU32(LinkDecoder.IFLA_TXQLEN, 1000);
        int info = r.beginNested(LinkDecoder.IFLA_LINKINFO);
        r.attribute(LinkDecoder.IFLA_INFO_KIND, "vlan");
        int data = r.beginNested(LinkDecoder.IFLA_INFO_DATA);
        r.attribute(LinkDecoder.IFLA_VLAN_ID, BondOptions.native16(100));
        r.endNested(data).endNested(info);

        Link link = LinkDecoder.decode(NetlinkMessage.parseAll(ByteBuffer.wrap(r.toBytes(1))).getFirst());

        assertThat(link).isEqualTo(new Link(7, "eth0.100", Link.IFF_UP | Link.IFF_BROADCAST, "vlan", 1500,
                MacAddress.parse("02:00:c0:00:02:01"), 9, 2, 1000, 100));
    }

    private static void create(NewLink link) {
        Links.createRequest(link, Map.of());
    }

    private static byte[] bytes(NewLink link) {
        return Links.createRequest(link, Map.of()).toBytes(1);
    }

    private static NewLink vlan(int id) {
        return new NewLink("eth0.x", new NewLink.Vlan(2, id));
    }

    private static NewLink bond(Map<String, String> options) {
        return new NewLink("bond0", new NewLink.Bond(4, options));
    }

    private static String targets(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "192.0.2." + i).collect(Collectors.joining(","));
    }
}
