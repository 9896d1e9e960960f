package io.spidernet.spiderpool.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Ethernet frames carrying ARP for IPv4 over Ethernet (RFC 826), built for a {@link PacketSocket}
 * and parsed from one: a 14-byte Ethernet header (destination, source, ethertype 0x0806) and the
 * 28-byte ARP packet (hardware type 1, protocol 0x0800, lengths 6 and 4, operation, sender MAC and
 * IP, target MAC and IP). Probes and announcements follow RFC 5227: target MAC all zeroes.
 */
public final class ArpFrames {
    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    /** Ethernet header plus the ARP packet; shorter frames are not ARP for IPv4. */
    public static final int LENGTH = 14 + 28;

    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    private static final byte[] ZERO_MAC = new byte[6];
    private static final byte[] ZERO_IP = new byte[4];

    private ArpFrames() {}

    /** An ARP packet as received. */
    public record Arp(int operation, MacAddress senderMac, Inet4Address senderIp, MacAddress targetMac,
                      Inet4Address targetIp) {}

    /** RFC 5227 probe: "who has {@code target}?" from sender IP 0.0.0.0, so no one learns a binding from it. */
    public static byte[] probe(MacAddress own, Inet4Address target) {
        return frame(BROADCAST, own, REQUEST, ZERO_IP, ZERO_MAC, target.getAddress());
    }

    /** A broadcast request for {@code target} from {@code sender}, as the kernel sends to resolve a neighbour. */
    public static byte[] request(MacAddress own, Inet4Address sender, Inet4Address target) {
        return frame(BROADCAST, own, REQUEST, sender.getAddress(), ZERO_MAC, target.getAddress());
    }

    /** Gratuitous ARP (RFC 5227 announcement): sender and target are both {@code ip}, so caches update. */
    public static byte[] announcement(MacAddress own, Inet4Address ip) {
        return frame(BROADCAST, own, REQUEST, ip.getAddress(), ZERO_MAC, ip.getAddress());
    }

    private static byte[] frame(byte[] destination, MacAddress own, int operation, byte[] senderIp, byte[] targetMac,
                                byte[] targetIp) {
        byte[] mac = sixBytes(own);
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put(destination).put(mac).putShort((short) PacketSocket.ETH_P_ARP);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) operation);
        b.put(mac).put(senderIp).put(targetMac).put(targetIp);
        return b.array();
    }

    static byte[] sixBytes(MacAddress mac) {
        byte[] bytes = mac.bytes();
        if (bytes.length != 6) {
            throw new IllegalArgumentException("an Ethernet frame needs a 6-byte MAC address, not '" + mac + "'");
        }
        return bytes;
    }

    /**
     * The ARP packet in the first {@code length} bytes of {@code frame}, if they are an Ethernet
     * frame of ARP for IPv4; anything else (too short, another protocol) is empty.
     */
    public static Optional<Arp> parse(byte[] frame, int length) {
        if (length < LENGTH || length > frame.length) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(frame, 0, length);
        if (b.getShort(12) != PacketSocket.ETH_P_ARP || b.getShort(14) != 1 || b.getShort(16) != 0x0800
                || b.get(18) != 6 || b.get(19) != 4) {
            return Optional.empty();
        }
        int operation = Short.toUnsignedInt(b.getShort(20));
        return Optional.of(new Arp(operation, mac(frame, 22), ipv4(frame, 28), mac(frame, 32), ipv4(frame, 38)));
    }

    private static MacAddress mac(byte[] frame, int offset) {
        byte[] raw = new byte[6];
        System.arraycopy(frame, offset, raw, 0, 6);
        return new MacAddress(raw);
    }

    private static Inet4Address ipv4(byte[] frame, int offset) {
        byte[] raw = new byte[4];
        System.arraycopy(frame, offset, raw, 0, 4);
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
