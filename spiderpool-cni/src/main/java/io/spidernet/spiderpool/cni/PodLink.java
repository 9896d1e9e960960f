package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.netlink.Link;
import io.spidernet.spiderpool.netlink.Links;
import io.spidernet.spiderpool.netlink.MacAddress;
import io.spidernet.spiderpool.netlink.NetlinkException;
import io.spidernet.spiderpool.netlink.NetlinkSocket;
import java.util.Optional;

/**
 * The pod's interface as detection needs it: index and MAC, and up, because at IPAM time the main
 * plugin has created it down and nothing can be sent on it. Runs in the pod's namespace.
 */
record PodLink(int index, MacAddress mac) {

    /** @return the link, brought up; null when the namespace has no {@code ifName} */
    static PodLink bringUp(String ifName) throws NetlinkException {
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            Optional<Link> found = Links.byName(socket, ifName);
            if (found.isEmpty()) {
                return null;
            }
            Link link = found.get();
            if (!link.isUp()) {
                Links.setUp(socket, link);
            }
            return new PodLink(link.index(), link.mac());
        }
    }
}
