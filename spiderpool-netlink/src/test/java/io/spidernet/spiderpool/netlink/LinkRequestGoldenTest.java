package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of link and address requests against files derived from the kernel's structs
 * by {@code netlink-golden/link-golden.py}, not from this encoder. Bond, vlan and ipvlan cannot be
 * made on every kernel, so for them these bytes are the proof.
 */
class LinkRequestGoldenTest {
    private static final MacAddress MAC1 = MacAddress.parse("02:00:c0:00:02:01");
    private static final MacAddress MAC2 = MacAddress.parse("02:00:c0:00:02:02");

    @BeforeAll
    static void littleEndianHost() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            System.out.println("skipping golden netlink bytes: they are written for a little-endian host");
            Assumptions.abort("the golden files are little-endian");
        }
    }

    @Test
    void createsAVethWhosePeerGoesToAnotherNamespace() throws IOException {
        NewLink veth = new NewLink("veth0", new NewLink.Veth("eth0", MAC2, 1500, 7), 1500, MAC1, 0);

        assertGolden("link-create-veth-peer-netns", Links.createRequest(veth, Map.of()));
    }

    @Test
    void createsAMacvlanInBridgeMode() throws IOException {
        assertGolden("link-create-macvlan-bridge", Links.createRequest(new NewLink("mv0", new NewLink.Macvlan(2, 4)), Map.of()));
    }

    @Test
    void createsAnIpvlanInL2ModeWithA16BitMode() throws IOException {
        assertGolden("link-create-ipvlan-l2", Links.createRequest(new NewLink("ipvl0", new NewLink.Ipvlan(2, 0)), Map.of()));
    }

    @Test
    void createsABridgeWithATxQueueLength() throws IOException {
        NewLink bridge = new NewLink("br0", new NewLink.Bridge(), 0, MacAddress.NONE, 1000);

        assertGolden("link-create-bridge", Links.createRequest(bridge, Map.of()));
    }

    @Test
    void createsVlan100OnItsParent() throws IOException {
        assertGolden("link-create-vlan-100", Links.createRequest(new NewLink("eth0.100", new NewLink.Vlan(2, 100)), Map.of()));
    }

    @Test
    void createsAn8023adBondWithItsOptionsInAttributeOrder() throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("ad_actor_system", "02:00:c0:00:02:09");
        options.put("arp_ip_target", "[192.0.2.1,192.0.2.2]");
        options.put("lacp_rate", "1");
        options.put("primary", "eth1");
        options.put("miimon", "100");
        options.put("xmit_hash_policy", "1");
        options.put("up_delay", "200");
        options.put("ad_actor_sys_prio", "100");
        NewLink bond = new NewLink("bond0", new NewLink.Bond(4, options));

        assertGolden("link-create-bond-mode4", Links.createRequest(bond, Map.of("eth1", 3)));
    }

    @Test
    void setsALinkUpByIndex() throws IOException {
        assertGolden("link-set-up", Links.setUpRequest(5));
    }

    @Test
    void setsTheMtu() throws IOException {
        assertGolden("link-set-mtu", Links.setMtuRequest(5, 9000));
    }

    @Test
    void movesALinkToTheNamespaceOfAnFd() throws IOException {
        assertGolden("link-move-to-netns", Links.moveToNetnsRequest(5, 7));
    }

    @Test
    void deletesALinkByIndex() throws IOException {
        assertGolden("link-delete", Links.deleteRequest(5));
    }

    @Test
    void addsAnIpv4AddressAsLocalAndAddress() throws IOException {
        assertGolden("addr-add-v4", Addresses.addRequest(5, IpPrefix.parse("192.0.2.7/24"), 0));
    }

    @Test
    void addsAnIpv6AddressWithoutDuplicateDetection() throws IOException {
        assertGolden("addr-add-v6-nodad", Addresses.addRequest(5, IpPrefix.parse("2001:db8::7/64"), Addresses.IFA_F_NODAD));
    }

    @Test
    void flagsAbove8BitsGoInIfaFlags() throws IOException {
        assertGolden("addr-add-v6-noprefixroute",
                Addresses.addRequest(5, IpPrefix.parse("2001:db8::7/64"), Addresses.IFA_F_NODAD | 0x200));
    }

    @Test
    void deletesAnIpv4Address() throws IOException {
        assertGolden("addr-delete-v4", Addresses.deleteRequest(5, IpPrefix.parse("192.0.2.7/24")));
    }

    static void assertGolden(String name, NetlinkRequest request) throws IOException {
        byte[] expected = golden(name);
        assertThat(HexFormat.ofDelimiter(" ").formatHex(request.toBytes(1)))
                .as(name + ".hex").isEqualTo(HexFormat.ofDelimiter(" ").formatHex(expected));
    }

    /** The bytes of a golden file: hex pairs, '#' starts a comment. */
    static byte[] golden(String name) throws IOException {
        try (InputStream in = LinkRequestGoldenTest.class.getResourceAsStream("/netlink-golden/" + name + ".hex")) {
            assertThat(in).as("golden file " + name).isNotNull();
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                int hash = line.indexOf('#');
                hex.append((hash < 0 ? line : line.substring(0, hash)).replaceAll("\\s", ""));
            }
            return HexFormat.of().parseHex(hex);
        }
    }
}
