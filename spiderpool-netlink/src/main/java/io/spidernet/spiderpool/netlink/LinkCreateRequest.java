package io.spidernet.spiderpool.netlink;

import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_ADDRESS;
import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_IFNAME;
import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_INFO_DATA;
import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_INFO_KIND;
import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_LINK;
import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_LINKINFO;
import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_MTU;
import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_NET_NS_FD;
import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_TXQLEN;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The RTM_NEWLINK message that creates a link: ifinfomsg, the common settings, IFLA_LINK for
 * the kinds stacked on a parent, and IFLA_LINKINFO with the kind and its IFLA_INFO_DATA.
 * Settings the kernel would refuse with a bare EINVAL are refused here naming the field.
 */
final class LinkCreateRequest {
    static final int VETH_INFO_PEER = 1;
    static final int IFLA_MACVLAN_MODE = 1;
    static final int IFLA_IPVLAN_MODE = 1;
    static final int IFLA_VLAN_ID = 1;
    /** IFNAMSIZ 16 including the terminating NUL. */
    static final int MAX_NAME_BYTES = 15;
    static final int MAX_VLAN_ID = 4094;
    static final int MAX_BOND_MODE = 6;
    private static final Set<Integer> MACVLAN_MODES = Set.of(1, 2, 4, 8, 16);
    private static final Set<Integer> IPVLAN_MODES = Set.of(0, 1, 2);

    private LinkCreateRequest() {}

    static NetlinkRequest build(NewLink link, Map<String, Integer> indexes) {
        requireName("link name", link.name());
        if (link.mtu() < 0 || link.txQueueLen() < 0) {
            throw new IllegalArgumentException("link " + link.name() + ": mtu " + link.mtu() + " and txqueuelen "
                    + link.txQueueLen() + " must not be negative (0 keeps the kernel's default)");
        }
        NetlinkRequest r = new NetlinkRequest(RouteNetlink.RTM_NEWLINK,
                NetlinkRequest.NLM_F_CREATE | NetlinkRequest.NLM_F_EXCL | NetlinkRequest.NLM_F_ACK);
        Links.ifinfomsg(r, 0, 0, 0);
        r.attribute(IFLA_IFNAME, link.name());
        common(r, link.mtu(), link.mac(), link.txQueueLen());
        int parent = parentIndex(link);
        if (parent != 0) {
            r.attributeU32(IFLA_LINK, parent);
        }
        int info = r.beginNested(IFLA_LINKINFO);
        r.attribute(IFLA_INFO_KIND, kindName(link.kind()));
        kindData(r, link, indexes);
        return r.endNested(info);
    }

    static String kindName(NewLink.Kind kind) {
        return switch (kind) {
            case NewLink.Veth v -> "veth";
            case NewLink.Macvlan m -> "macvlan";
            case NewLink.Ipvlan i -> "ipvlan";
            case NewLink.Bridge b -> "bridge";
            case NewLink.Vlan v -> "vlan";
            case NewLink.Bond b -> "bond";
        };
    }

    /** Refuses what the kernel's dev_valid_name refuses, naming the field. */
    static void requireName(String field, String name) {
        if (!validName(name)) {
            throw new IllegalArgumentException(field + " '" + name + "' is not an interface name: 1 to "
                    + MAX_NAME_BYTES + " bytes, not '.' or '..', without '/', ':' or white space");
        }
    }

    static boolean validName(String name) {
        return name != null && !name.isEmpty() && name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES
                && !name.equals(".") && !name.equals("..") && !name.matches(".*[/:\\s].*");
    }

    private static void common(NetlinkRequest r, int mtu, MacAddress mac, int txQueueLen) {
        if (mtu > 0) {
            r.attributeU32(IFLA_MTU, mtu);
        }
        if (mac != null && !mac.isEmpty()) {
            r.attribute(IFLA_ADDRESS, mac.bytes());
        }
        if (txQueueLen > 0) {
            r.attributeU32(IFLA_TXQLEN, txQueueLen);
        }
    }

    private static int parentIndex(NewLink link) {
        int parent = switch (link.kind()) {
            case NewLink.Macvlan m -> m.parentIndex();
            case NewLink.Ipvlan i -> i.parentIndex();
            case NewLink.Vlan v -> v.parentIndex();
            default -> -1;
        };
        if (parent == 0 || parent < -1) {
            throw new IllegalArgumentException(kindName(link.kind()) + " " + link.name() + ": parent index " + parent
                    + " names no link; give the parent's interface index");
        }
        return Math.max(parent, 0);
    }

    private static void kindData(NetlinkRequest r, NewLink link, Map<String, Integer> indexes) {
        String what = kindName(link.kind()) + " " + link.name();
        switch (link.kind()) {
            case NewLink.Veth v -> {
                int data = r.beginNested(IFLA_INFO_DATA);
                veth(r, v);
                r.endNested(data);
            }
            case NewLink.Macvlan m -> {
                requireIn(what, "mode", m.mode(), MACVLAN_MODES, "private 1, vepa 2, bridge 4, passthru 8, source 16");
                int data = r.beginNested(IFLA_INFO_DATA);
                r.attributeU32(IFLA_MACVLAN_MODE, m.mode());
                r.endNested(data);
            }
            case NewLink.Ipvlan i -> {
                requireIn(what, "mode", i.mode(), IPVLAN_MODES, "l2 0, l3 1, l3s 2");
                int data = r.beginNested(IFLA_INFO_DATA);
                r.attribute(IFLA_IPVLAN_MODE, BondOptions.native16(i.mode()));
                r.endNested(data);
            }
            case NewLink.Vlan v -> {
                if (v.vlanId() < 1 || v.vlanId() > MAX_VLAN_ID) {
                    throw new IllegalArgumentException(what + ": vlan id " + v.vlanId() + " is out of range 1.." + MAX_VLAN_ID);
                }
                int data = r.beginNested(IFLA_INFO_DATA);
                r.attribute(IFLA_VLAN_ID, BondOptions.native16(v.vlanId()));
                r.endNested(data);
            }
            case NewLink.Bond b -> {
                if (b.mode() < 0 || b.mode() > MAX_BOND_MODE) {
                    throw new IllegalArgumentException(what + ": bond mode " + b.mode() + " is out of range 0.."
                            + MAX_BOND_MODE + " (balance-rr 0 .. balance-alb 6)");
                }
                int data = r.beginNested(IFLA_INFO_DATA);
                r.attribute(BondOptions.IFLA_BOND_MODE, new byte[] {(byte) b.mode()});
                BondOptions.write(r, link.name(), b.options(), indexes);
                r.endNested(data);
            }
            case NewLink.Bridge b -> { } // a bridge with the kernel's defaults needs no IFLA_INFO_DATA
        }
    }

    /** VETH_INFO_PEER holds an ifinfomsg of its own, then the peer's attributes. */
    private static void veth(NetlinkRequest r, NewLink.Veth v) {
        requireName("veth peer name", v.peerName());
        int peer = r.beginNested(VETH_INFO_PEER);
        Links.ifinfomsg(r, 0, 0, 0);
        r.attribute(IFLA_IFNAME, v.peerName());
        common(r, v.peerMtu(), v.peerMac(), 0);
        if (v.peerNetnsFd() >= 0) {
            r.attributeU32(IFLA_NET_NS_FD, v.peerNetnsFd());
        }
        r.endNested(peer);
    }

    private static void requireIn(String what, String field, int value, Set<Integer> allowed, String meaning) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(what + ": " + field + " " + value + " is not one of " + meaning);
        }
    }
}
