package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Golden frames written field by field from RFC 826's packet layout and RFC 5227's probe rules. */
class ArpFramesTest {
    static final MacAddress OWN = MacAddress.parse("52:54:00:aa:bb:cc");
    static final HexFormat HEX = HexFormat.of();

    static Inet4Address v4(String text) throws Exception {
        return (Inet4Address) InetAddress.getByName(text);
    }

    static String hex(String... fields) {
        return String.join("", fields).replace(" ", "");
    }

    @Test
    void probeAsksForTheAddressFromSenderZero() throws Exception {
        String expected = hex("ffffffffffff", "525400aabbcc", "0806", // Ethernet: broadcast, our MAC, ARP
                "0001", "0800", "06", "04", "0001", // Ethernet, IPv4, lengths 6 and 4, request
                "525400aabbcc", "00000000", // sender: our MAC, 0.0.0.0
                "000000000000", "c000020a"); // target: unknown MAC, 192.0.2.10
        assertThat(HEX.formatHex(ArpFrames.probe(OWN, v4("192.0.2.10")))).isEqualTo(expected);
    }

    @Test
    void requestToTheGatewayCarriesTheSender() throws Exception {
        String expected = hex("ffffffffffff", "525400aabbcc", "0806", "0001", "0800", "06", "04", "0001",
                "525400aabbcc", "c000020a", "000000000000", "c0000201");
        assertThat(HEX.formatHex(ArpFrames.request(OWN, v4("192.0.2.10"), v4("192.0.2.1")))).isEqualTo(expected);
    }

    @Test
    void announcementNamesTheAddressAsSenderAndTarget() throws Exception {
        String expected = hex("ffffffffffff", "525400aabbcc", "0806", "0001", "0800", "06", "04", "0001",
                "525400aabbcc", "c000020a", "000000000000", "c000020a");
        assertThat(HEX.formatHex(ArpFrames.announcement(OWN, v4("192.0.2.10")))).isEqualTo(expected);
    }

    @Test
    void aReplyIsParsedWithWhoAnsweredAndItsMac() throws Exception {
        byte[] reply = HEX.parseHex(hex("525400aabbcc", "525400123456", "0806", "0001", "0800", "06", "04", "0002",
                "525400123456", "c000020a", "525400aabbcc", "00000000",
                "000000000000000000000000000000000000")); // Ethernet padding to 60 bytes
        ArpFrames.Arp arp = ArpFrames.parse(reply, reply.length).orElseThrow();
        assertThat(arp.operation()).isEqualTo(ArpFrames.REPLY);
        assertThat(arp.senderMac()).hasToString("52:54:00:12:34:56");
        assertThat(arp.senderIp()).isEqualTo(v4("192.0.2.10"));
        assertThat(arp.targetMac()).isEqualTo(OWN);
        assertThat(arp.targetIp()).isEqualTo(v4("0.0.0.0"));
    }

    @Test
    void framesThatAreNotArpForIpv4OverEthernetAreIgnored() throws Exception {
        byte[] good = ArpFrames.request(OWN, v4("192.0.2.10"), v4("192.0.2.1"));
        assertThat(ArpFrames.parse(good, good.length)).isPresent();
        assertThat(ArpFrames.parse(good, ArpFrames.LENGTH - 1)).as("truncated").isEmpty();
        assertThat(ArpFrames.parse(good, good.length + 1)).as("length beyond the buffer").isEmpty();
        for (int[] change : new int[][] {{13, 0x00}, {15, 0x06}, {17, 0xdd}, {18, 8}, {19, 16}}) {
            byte[] other = good.clone();
            other[change[0]] = (byte) change[1];
            assertThat(ArpFrames.parse(other, other.length)).as("byte %d changed", change[0]).isEmpty();
        }
    }
}
