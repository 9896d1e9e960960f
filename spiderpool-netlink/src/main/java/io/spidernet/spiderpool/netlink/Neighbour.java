package io.spidernet.spiderpool.netlink;

import java.net.InetAddress;

/** A neighbour (ARP or NDP) entry; {@code state} is NUD_* (PERMANENT 0x80, REACHABLE 0x02, ...). */
public record Neighbour(int ifIndex, InetAddress ip, MacAddress mac, int state) {
    public static final int NUD_PERMANENT = 0x80;

    /** {@code ip neigh replace <ip> lladdr <mac> dev <link> nud permanent}. */
    public static Neighbour permanent(int ifIndex, InetAddress ip, MacAddress mac) {
        return new Neighbour(ifIndex, ip, mac, NUD_PERMANENT);
    }
}
