package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.netlink.MacAddress;
import io.spidernet.spiderpool.netlink.NetlinkAttributes;
import io.spidernet.spiderpool.netlink.NetlinkException;
import io.spidernet.spiderpool.netlink.NetlinkMessage;
import io.spidernet.spiderpool.netlink.NetlinkRequest;
import io.spidernet.spiderpool.netlink.NetlinkSocket;
import io.spidernet.spiderpool.netlink.RouteNetlink;
import java.nio.ByteBuffer;

/**
 * The pod's interface as detection needs it: index and MAC, and up, because at IPAM time the main
 * plugin has created it down and nothing can be sent on it. Runs in the pod's namespace.
 *
 * <p>Uses its own two rtnetlink messages (a link dump, and RTM_NEWLINK with IFF_UP in the change
 * mask) instead of {@code Links}, whose calls were not built yet when this was written.
 */
record PodLink(int index, MacAddress mac) {
    private static final int IFLA_ADDRESS = 1;
    private static final int IFF_UP = 0x1;

    /** @return the link, brought up; null when the namespace has no {@code ifName} */
    static PodLink bringUp(String ifName) throws NetlinkException {
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            NetlinkRequest dump = new NetlinkRequest(RouteNetlink.RTM_GETLINK, NetlinkRequest.NLM_F_DUMP)
                    .u8(RouteNetlink.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0);
            for (NetlinkMessage m : socket.dump(dump)) {
                ByteBuffer p = m.payload();
                if (m.type() != RouteNetlink.RTM_NEWLINK || p.remaining() < 16) {
                    continue;
                }
                NetlinkAttributes attrs = m.attributes(16);
                if (ifName.equals(attrs.string(RouteNetlink.IFLA_IFNAME))) {
                    int index = p.getInt(4);
                    if ((p.getInt(8) & IFF_UP) == 0) {
                        // struct ifinfomsg: family, pad, type, index, flags = IFF_UP, change = IFF_UP
                        socket.execute(new NetlinkRequest(RouteNetlink.RTM_NEWLINK, NetlinkRequest.NLM_F_ACK)
                                .u8(RouteNetlink.AF_UNSPEC).u8(0).u16(0).u32(index).u32(IFF_UP).u32(IFF_UP),
                                "set link " + ifName + " up");
                    }
                    byte[] mac = attrs.bytes(IFLA_ADDRESS);
                    return new PodLink(index, mac == null ? MacAddress.NONE : new MacAddress(mac));
                }
            }
            return null;
        }
    }
}
