package io.spidernet.spiderpool.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Turns an {@code RTM_NEWLINK} message into a {@link Link}; the attribute numbers of {@code if_link.h}. */
final class LinkDecoder {
    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_LINK = 5;
    static final int IFLA_MASTER = 10;
    static final int IFLA_TXQLEN = 13;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_NET_NS_FD = 28;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int IFLA_VLAN_ID = 1;

    private LinkDecoder() {}

    /** The link, or null when the message is not an RTM_NEWLINK or too short to hold an ifinfomsg. */
    static Link decode(NetlinkMessage m) {
        if (m.type() != RouteNetlink.RTM_NEWLINK || m.payload().remaining() < RouteNetlink.IFINFOMSG_LENGTH) {
            return null;
        }
        ByteBuffer p = m.payload();
        NetlinkAttributes attrs = m.attributes(RouteNetlink.IFINFOMSG_LENGTH);
        NetlinkAttributes info = attrs.nested(IFLA_LINKINFO);
        String kind = info.string(IFLA_INFO_KIND);
        String name = attrs.string(IFLA_IFNAME);
        byte[] mac = attrs.bytes(IFLA_ADDRESS);
        int vlanId = "vlan".equals(kind) ? u16(info.nested(IFLA_INFO_DATA).bytes(IFLA_VLAN_ID)) : 0;
        return new Link(p.getInt(4), name == null ? "" : name, p.getInt(8), kind == null ? "" : kind,
                attrs.u32(IFLA_MTU, 0), mac == null ? MacAddress.NONE : new MacAddress(mac),
                attrs.u32(IFLA_MASTER, 0), attrs.u32(IFLA_LINK, 0), attrs.u32(IFLA_TXQLEN, 0), vlanId);
    }

    private static int u16(byte[] raw) {
        return raw == null || raw.length < 2 ? 0 : Short.toUnsignedInt(ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder()).getShort());
    }
}
