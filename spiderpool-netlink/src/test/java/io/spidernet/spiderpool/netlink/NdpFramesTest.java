package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Golden frames written field by field from RFC 4861 §4.3/§4.4 (NS/NA), RFC 8200 (IPv6 header),
 * RFC 2464 §7 (multicast MAC) and RFC 4291 §2.7.1 (solicited-node group). The checksums were
 * computed separately with a straightforward one's-complement sum over pseudo-header and message.
 */
class NdpFramesTest {
    static final MacAddress OWN = ArpFramesTest.OWN;
    static final HexFormat HEX = HexFormat.of();
    static final String IP = "20010db8000000000000000000000010";
    static final String GW = "20010db8000000000000000000000001";

    static Inet6Address v6(String text) throws Exception {
        return (Inet6Address) InetAddress.getByName(text);
    }

    static String hex(String... fields) {
        return String.join("", fields);
    }

    @Test
    void dadSolicitationComesFromUnspecifiedToTheSolicitedNodeGroupWithoutOption() throws Exception {
        String expected = hex("3333ff000010", "525400aabbcc", "86dd", // 33:33 + last 4 bytes of the group
                "60000000", "0018", "3a", "ff", // version 6, payload 24, ICMPv6, hop limit 255
                "00000000000000000000000000000000", "ff0200000000000000000001ff000010", // :: -> ff02::1:ff00:10
                "87", "00", "4ccf", "00000000", IP); // NS, code 0, checksum, reserved, target
        assertThat(HEX.formatHex(NdpFrames.dadSolicitation(OWN, v6("2001:db8::10")))).isEqualTo(expected);
    }

    @Test
    void solicitationToTheGatewayCarriesTheSourceLinkLayerOption() throws Exception {
        String expected = hex("3333ff000001", "525400aabbcc", "86dd", "60000000", "0020", "3a", "ff",
                IP, "ff0200000000000000000001ff000001",
                "87", "00", "0f50", "00000000", GW, "01", "01", "525400aabbcc"); // option 1, 8 bytes, our MAC
        assertThat(HEX.formatHex(NdpFrames.solicitation(OWN, v6("2001:db8::10"), v6("2001:db8::1"))))
                .isEqualTo(expected);
    }

    @Test
    void unsolicitedAdvertisementGoesToAllNodesWithOverrideAndTargetOption() throws Exception {
        String expected = hex("333300000001", "525400aabbcc", "86dd", "60000000", "0020", "3a", "ff",
                IP, "ff020000000000000000000000000001",
                "88", "00", "ec42", "20000000", IP, "02", "01", "525400aabbcc"); // O flag; option 2
        assertThat(HEX.formatHex(NdpFrames.unsolicitedAdvertisement(OWN, v6("2001:db8::10")))).isEqualTo(expected);
    }

    /** What a Linux holder sends in answer to a DAD probe: from its link-local to all nodes. */
    static byte[] holderAnswer() {
        return HEX.parseHex(hex("333300000001", "525400123456", "86dd", "60000000", "0020", "3a", "ff",
                "fe80000000000000505400fffe123456", "ff020000000000000000000000000001",
                "88", "00", "1fdd", "20000000", IP, "02", "01", "525400123456"));
    }

    @Test
    void anAdvertisementIsParsedWithTargetAndTheAdvertisedMac() throws Exception {
        byte[] frame = holderAnswer();
        NdpFrames.Advertisement na = NdpFrames.parseAdvertisement(frame, frame.length).orElseThrow();
        assertThat(na.target()).isEqualTo(v6("2001:db8::10"));
        assertThat(na.source()).isEqualTo(v6("fe80::5054:ff:fe12:3456"));
        assertThat(na.linkLayer()).hasToString("52:54:00:12:34:56");
        assertThat(na.flags()).isEqualTo(NdpFrames.FLAG_OVERRIDE);
    }

    @Test
    void withoutTheTargetOptionTheEthernetSourceIsTheMac() throws Exception {
        byte[] frame = Arrays.copyOf(holderAnswer(), 14 + 40 + 24);
        frame[14 + 5] = 24; // payload length without the option
        fixChecksum(frame);
        assertThat(NdpFrames.parseAdvertisement(frame, frame.length).orElseThrow().linkLayer())
                .hasToString("52:54:00:12:34:56");
    }

    @Test
    void invalidAdvertisementsAreIgnored() {
        byte[] good = holderAnswer();
        assertThat(NdpFrames.parseAdvertisement(good, good.length)).isPresent();
        assertThat(NdpFrames.parseAdvertisement(good, 14 + 40 + 23)).as("truncated").isEmpty();
        assertThat(NdpFrames.parseAdvertisement(good, good.length + 1)).as("beyond the buffer").isEmpty();
        assertThat(NdpFrames.parseAdvertisement(changed(good, 14 + 7, 64), good.length)).as("hop limit 64").isEmpty();
        assertThat(NdpFrames.parseAdvertisement(changed(good, 14 + 6, 17), good.length)).as("not ICMPv6").isEmpty();
        assertThat(NdpFrames.parseAdvertisement(changed(good, 14 + 40, 135), good.length)).as("an NS").isEmpty();
        assertThat(NdpFrames.parseAdvertisement(changed(good, 14 + 40 + 3, 0xde), good.length)).as("checksum").isEmpty();
        assertThat(NdpFrames.parseAdvertisement(changed(good, 14 + 5, 40), good.length)).as("payload beyond frame").isEmpty();
        byte[] zeroOption = changed(good, 14 + 40 + 25, 0);
        fixChecksum(zeroOption);
        // a zero-length option would never advance the option walk: it must end, rejected
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(2), () -> NdpFrames.parseAdvertisement(zeroOption,
                good.length))).as("option of length 0").isEmpty();
        byte[] longOption = changed(good, 14 + 40 + 25, 2);
        fixChecksum(longOption);
        assertThat(NdpFrames.parseAdvertisement(longOption, good.length)).as("option past the end").isEmpty();
    }

    @Test
    void checksumOfAMessageWithItsChecksumIsZero() throws Exception {
        byte[] frame = NdpFrames.solicitation(OWN, v6("2001:db8::10"), v6("2001:db8::1"));
        byte[] message = Arrays.copyOfRange(frame, 54, frame.length);
        assertThat(NdpFrames.checksum(Arrays.copyOfRange(frame, 22, 38), Arrays.copyOfRange(frame, 38, 54), message))
                .isZero();
    }

    @Test
    void aMacThatIsNotSixBytesIsRefused() {
        assertThatThrownBy(() -> NdpFrames.dadSolicitation(MacAddress.NONE, v6("2001:db8::10")))
                .hasMessageContaining("6-byte MAC");
    }

    static byte[] changed(byte[] frame, int offset, int value) {
        byte[] copy = frame.clone();
        copy[offset] = (byte) value;
        return copy;
    }

    static void fixChecksum(byte[] frame) {
        frame[56] = 0;
        frame[57] = 0;
        int length = ((frame[18] & 0xff) << 8) | (frame[19] & 0xff);
        int sum = NdpFrames.checksum(Arrays.copyOfRange(frame, 22, 38), Arrays.copyOfRange(frame, 38, 54),
                Arrays.copyOfRange(frame, 54, 54 + length));
        frame[56] = (byte) (sum >> 8);
        frame[57] = (byte) sum;
    }
}
