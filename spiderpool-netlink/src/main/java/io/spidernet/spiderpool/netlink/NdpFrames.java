package io.spidernet.spiderpool.netlink;

import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Ethernet frames carrying IPv6 Neighbor Discovery (RFC 4861), built for a {@link PacketSocket}
 * and parsed from one: Ethernet header (ethertype 0x86DD), the 40-byte IPv6 header (next header
 * 58, hop limit 255 as §7.1 requires) and the ICMPv6 message with its checksum over the
 * pseudo-header (RFC 8200 §8.1). Multicast destinations map to 33:33 + the address's last 4 bytes
 * (RFC 2464 §7).
 */
public final class NdpFrames {
    public static final int NEIGHBOR_SOLICITATION = 135;
    public static final int NEIGHBOR_ADVERTISEMENT = 136;
    public static final int FLAG_ROUTER = 0x80;
    public static final int FLAG_SOLICITED = 0x40;
    public static final int FLAG_OVERRIDE = 0x20;

    private static final int ETHERNET = 14;
    private static final int IPV6 = 40;
    /** Type, code, checksum, 4 bytes of flags/reserved, the 16-byte target: both NS and NA. */
    private static final int ND_MESSAGE = 24;
    private static final int ICMPV6 = 58;
    private static final int HOP_LIMIT = 255;
    private static final int OPTION_SOURCE_LINK_LAYER = 1;
    private static final int OPTION_TARGET_LINK_LAYER = 2;
    private static final byte[] UNSPECIFIED = new byte[16];
    private static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private NdpFrames() {}

    /**
     * A Neighbor Advertisement as received.
     *
     * @param linkLayer the target link-layer address option, else the frame's Ethernet source
     */
    public record Advertisement(Inet6Address source, Inet6Address target, MacAddress linkLayer, int flags) {}

    /**
     * Duplicate address detection (RFC 4862 §5.4.2): a solicitation for {@code target} from the
     * unspecified address to its solicited-node group, without a source link-layer option (§7.1.1
     * forbids one from ::). A holder answers with an advertisement to all nodes.
     */
    public static byte[] dadSolicitation(MacAddress own, Inet6Address target) {
        byte[] group = solicitedNode(target);
        return frame(multicastMac(group), own, UNSPECIFIED, group, NEIGHBOR_SOLICITATION, 0, target, 0);
    }

    /** A solicitation for {@code target} from {@code source}, carrying our MAC so the answer comes straight back. */
    public static byte[] solicitation(MacAddress own, Inet6Address source, Inet6Address target) {
        byte[] group = solicitedNode(target);
        return frame(multicastMac(group), own, source.getAddress(), group, NEIGHBOR_SOLICITATION, 0, target,
                OPTION_SOURCE_LINK_LAYER);
    }

    /** Unsolicited advertisement (§7.2.6) of {@code ip} to all nodes, override flag set so caches update. */
    public static byte[] unsolicitedAdvertisement(MacAddress own, Inet6Address ip) {
        return frame(multicastMac(ALL_NODES), own, ip.getAddress(), ALL_NODES, NEIGHBOR_ADVERTISEMENT, FLAG_OVERRIDE,
                ip, OPTION_TARGET_LINK_LAYER);
    }

    /** The solicited-node group a node holding {@code ip} listens on: ff02::1:ff00:0/104 with the low 24 bits of {@code ip} (RFC 4291 §2.7.1). */
    static byte[] solicitedNode(Inet6Address ip) {
        byte[] a = ip.getAddress();
        return new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xff, a[13], a[14], a[15]};
    }

    private static byte[] multicastMac(byte[] group) {
        return new byte[] {0x33, 0x33, group[12], group[13], group[14], group[15]};
    }

    private static byte[] frame(byte[] destinationMac, MacAddress own, byte[] source, byte[] destination, int type,
                                int flags, Inet6Address target, int option) {
        byte[] mac = ArpFrames.sixBytes(own);
        int icmpLength = ND_MESSAGE + (option == 0 ? 0 : 8);
        ByteBuffer icmp = ByteBuffer.allocate(icmpLength);
        icmp.put((byte) type).put((byte) 0).putShort((short) 0).put((byte) flags).put(new byte[3]).put(target.getAddress());
        if (option != 0) {
            icmp.put((byte) option).put((byte) 1).put(mac); // length in units of 8 bytes
        }
        byte[] message = icmp.array();
        int checksum = checksum(source, destination, message);
        message[2] = (byte) (checksum >> 8);
        message[3] = (byte) checksum;
        ByteBuffer b = ByteBuffer.allocate(ETHERNET + IPV6 + icmpLength);
        b.put(destinationMac).put(mac).putShort((short) PacketSocket.ETH_P_IPV6);
        b.putInt(0x60000000).putShort((short) icmpLength).put((byte) ICMPV6).put((byte) HOP_LIMIT);
        b.put(source).put(destination).put(message);
        return b.array();
    }

    /**
     * The ICMPv6 checksum: the one's complement of the one's-complement sum of the pseudo-header
     * (source, destination, 32-bit upper-layer length, three zero bytes, next header 58) and the
     * message, whose own checksum field must be zero or, to verify, the received value (then a
     * correct message sums to 0).
     */
    public static int checksum(byte[] source, byte[] destination, byte[] message) {
        long sum = sum(source) + sum(destination) + message.length + ICMPV6 + sum(message);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static long sum(byte[] bytes) {
        long sum = 0;
        for (int i = 0; i < bytes.length; i += 2) {
            int high = Byte.toUnsignedInt(bytes[i]) << 8;
            int low = i + 1 < bytes.length ? Byte.toUnsignedInt(bytes[i + 1]) : 0;
            sum += high | low;
        }
        return sum;
    }

    /**
     * The Neighbor Advertisement in the first {@code length} bytes of {@code frame}, if they hold a
     * valid one (§7.1.2: hop limit 255, code 0, at least 24 bytes, a correct checksum, options of
     * non-zero length inside the message); anything else is empty. Extension headers are not
     * followed: neighbour discovery does not use them.
     */
    public static Optional<Advertisement> parseAdvertisement(byte[] frame, int length) {
        if (length < ETHERNET + IPV6 + ND_MESSAGE || length > frame.length) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(frame, 0, length);
        int payload = Short.toUnsignedInt(b.getShort(ETHERNET + 4));
        if (b.getShort(12) != (short) PacketSocket.ETH_P_IPV6 || (b.get(ETHERNET) & 0xf0) != 0x60
                || Byte.toUnsignedInt(b.get(ETHERNET + 6)) != ICMPV6 || Byte.toUnsignedInt(b.get(ETHERNET + 7)) != HOP_LIMIT
                || payload < ND_MESSAGE || payload > length - ETHERNET - IPV6) {
            return Optional.empty();
        }
        int icmp = ETHERNET + IPV6;
        if (Byte.toUnsignedInt(b.get(icmp)) != NEIGHBOR_ADVERTISEMENT || b.get(icmp + 1) != 0) {
            return Optional.empty();
        }
        byte[] source = slice(frame, ETHERNET + 8, 16);
        byte[] message = slice(frame, icmp, payload);
        if (checksum(source, slice(frame, ETHERNET + 24, 16), message) != 0) {
            return Optional.empty();
        }
        Optional<MacAddress> option = targetLinkLayer(message);
        if (option == null) {
            return Optional.empty();
        }
        MacAddress linkLayer = option.orElseGet(() -> new MacAddress(slice(frame, 6, 6)));
        return Optional.of(new Advertisement(ipv6(source), ipv6(slice(message, 8, 16)), linkLayer,
                Byte.toUnsignedInt(message[4])));
    }

    /** The target link-layer option if present; null when an option is malformed (the message is then invalid). */
    private static Optional<MacAddress> targetLinkLayer(byte[] message) {
        Optional<MacAddress> found = Optional.empty();
        int at = ND_MESSAGE;
        while (at + 2 <= message.length) {
            int size = Byte.toUnsignedInt(message[at + 1]) * 8;
            if (size == 0 || at + size > message.length) {
                return null;
            }
            if (message[at] == OPTION_TARGET_LINK_LAYER && size == 8) {
                found = Optional.of(new MacAddress(slice(message, at + 2, 6)));
            }
            at += size;
        }
        return found;
    }

    private static byte[] slice(byte[] bytes, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(bytes, offset, out, 0, length);
        return out;
    }

    private static Inet6Address ipv6(byte[] raw) {
        try {
            // not InetAddress.getByAddress, which turns ::ffff:a.b.c.d into an Inet4Address
            return Inet6Address.getByAddress(null, raw, (java.net.NetworkInterface) null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
