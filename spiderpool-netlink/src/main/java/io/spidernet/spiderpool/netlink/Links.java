package io.spidernet.spiderpool.netlink;

import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_ADDRESS;
import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_IFNAME;
import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_MASTER;
import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_MTU;
import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_NET_NS_FD;
import static io.spidernet.spiderpool.netlink.LinkDecoder.IFLA_TXQLEN;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Links over {@code RTM_*LINK}: read, create, change, move to another namespace, delete. Every
 * failure names the operation, the link and the errno, e.g. "create vlan eth0.100 (parent index
 * 2): File exists (errno 17)". The {@code *Request} methods build the exact message, for
 * golden-file tests of kinds this kernel cannot make.
 */
public final class Links {
    private Links() {}

    public static List<Link> list(NetlinkSocket socket) throws NetlinkException {
        NetlinkRequest request = ifinfomsg(new NetlinkRequest(RouteNetlink.RTM_GETLINK, NetlinkRequest.NLM_F_DUMP), 0, 0, 0);
        List<Link> links = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(request)) {
            Link link = LinkDecoder.decode(m);
            if (link != null) {
                links.add(link);
            }
        }
        return links;
    }

    /**
     * Asks the kernel for this one name (no dump). A name no link can have (too long, with a
     * '/', ...) is simply absent.
     */
    public static Optional<Link> byName(NetlinkSocket socket, String name) throws NetlinkException {
        if (!LinkCreateRequest.validName(name)) {
            return Optional.empty();
        }
        NetlinkRequest request = ifinfomsg(new NetlinkRequest(RouteNetlink.RTM_GETLINK, NetlinkRequest.NLM_F_ACK), 0, 0, 0)
                .attribute(IFLA_IFNAME, name);
        return getOne(socket, request, "get link " + name);
    }

    public static Optional<Link> byIndex(NetlinkSocket socket, int index) throws NetlinkException {
        if (index <= 0) {
            return Optional.empty();
        }
        NetlinkRequest request = ifinfomsg(new NetlinkRequest(RouteNetlink.RTM_GETLINK, NetlinkRequest.NLM_F_ACK), index, 0, 0);
        return getOne(socket, request, "get link index " + index);
    }

    /** The link, or a NetlinkException with ENODEV naming it. */
    public static Link require(NetlinkSocket socket, String name) throws NetlinkException {
        Optional<Link> link = byName(socket, name);
        if (link.isEmpty()) {
            throw new NetlinkException("find link " + name, NetlinkException.ENODEV);
        }
        return link.get();
    }

    /**
     * Creates it (NLM_F_CREATE|NLM_F_EXCL: an existing name fails with EEXIST); not brought up.
     * A bond's {@code primary} and {@code active_slave} name links that are looked up first (the
     * kernel refuses an {@code active_slave} that is not yet enslaved, as it does for upstream).
     * Bond option values are numbers, as upstream's ifacer takes them ({@code lacp_rate=1}, not
     * {@code fast}), except {@code ad_actor_system} (a MAC), {@code arp_ip_target} (IPv4 addresses,
     * {@code [a,b]}, {@code a,b} or a JSON list) and the two interface names; {@code updelay} and
     * {@code up_delay} are one option, and {@code peer_notif_delay} is the kernel's option of that
     * name (upstream sent it as the peer-notification count).
     *
     * @throws IllegalArgumentException for settings the kernel would refuse, naming the field; for a
     *     bond option name not in {@link #knownBondOptions()} too. Callers that, like upstream's
     *     ifacer, ignore options they do not know must drop them before calling this
     */
    public static void create(NetlinkSocket socket, NewLink link) throws NetlinkException {
        Map<String, Integer> indexes = new HashMap<>();
        if (link.kind() instanceof NewLink.Bond bond) {
            for (Map.Entry<String, String> option : bond.options().entrySet()) {
                if (BondOptions.namesALink(option.getKey())) {
                    String slave = option.getValue().strip();
                    Link found = byName(socket, slave).orElseThrow(() -> new NetlinkException("create bond " + link.name()
                            + ": option " + option.getKey() + " names link " + slave, NetlinkException.ENODEV));
                    indexes.put(slave, found.index());
                }
            }
        }
        socket.execute(createRequest(link, indexes), "create " + describe(link));
    }

    /** The RTM_NEWLINK {@link #create} sends; {@code indexes} resolves a bond's primary / active_slave names. */
    public static NetlinkRequest createRequest(NewLink link, Map<String, Integer> indexes) {
        return LinkCreateRequest.build(link, indexes);
    }

    /** The bond option names {@link #create} understands, sorted. */
    public static List<String> knownBondOptions() {
        return BondOptions.known();
    }

    public static void setUp(NetlinkSocket socket, Link link) throws NetlinkException {
        socket.execute(setUpRequest(link.index()), "set " + describe(link) + " up");
    }

    public static void setDown(NetlinkSocket socket, Link link) throws NetlinkException {
        socket.execute(setDownRequest(link.index()), "set " + describe(link) + " down");
    }

    public static void setMtu(NetlinkSocket socket, Link link, int mtu) throws NetlinkException {
        socket.execute(setMtuRequest(link.index(), mtu), "set mtu " + mtu + " on " + describe(link));
    }

    public static void setMac(NetlinkSocket socket, Link link, MacAddress mac) throws NetlinkException {
        socket.execute(setMacRequest(link.index(), mac), "set address " + mac + " on " + describe(link));
    }

    public static void setTxQueueLen(NetlinkSocket socket, Link link, int length) throws NetlinkException {
        socket.execute(setTxQueueLenRequest(link.index(), length), "set txqueuelen " + length + " on " + describe(link));
    }

    /** Enslaves {@code link} to a bond or bridge; {@code masterIndex} 0 releases it. */
    public static void setMaster(NetlinkSocket socket, Link link, int masterIndex) throws NetlinkException {
        String what = masterIndex == 0 ? "release " + describe(link) + " from its master"
                : "set master index " + masterIndex + " of " + describe(link);
        socket.execute(setMasterRequest(link.index(), masterIndex), what);
    }

    public static void moveToNetns(NetlinkSocket socket, Link link, NetnsFile target) throws NetlinkException {
        socket.execute(moveToNetnsRequest(link.index(), target.fd()),
                "move " + describe(link) + " to the network namespace of fd " + target.fd());
    }

    public static void delete(NetlinkSocket socket, Link link) throws NetlinkException {
        socket.execute(deleteRequest(link.index()), "delete " + describe(link));
    }

    public static NetlinkRequest setUpRequest(int index) {
        return ifinfomsg(setLink(), index, Link.IFF_UP, Link.IFF_UP);
    }

    public static NetlinkRequest setDownRequest(int index) {
        return ifinfomsg(setLink(), index, 0, Link.IFF_UP);
    }

    public static NetlinkRequest setMtuRequest(int index, int mtu) {
        requireNotNegative("mtu", mtu);
        return ifinfomsg(setLink(), index, 0, 0).attributeU32(IFLA_MTU, mtu);
    }

    public static NetlinkRequest setMacRequest(int index, MacAddress mac) {
        if (mac.isEmpty()) {
            throw new IllegalArgumentException("set address of link index " + index + ": the MAC address is empty");
        }
        return ifinfomsg(setLink(), index, 0, 0).attribute(IFLA_ADDRESS, mac.bytes());
    }

    public static NetlinkRequest setTxQueueLenRequest(int index, int length) {
        requireNotNegative("txqueuelen", length);
        return ifinfomsg(setLink(), index, 0, 0).attributeU32(IFLA_TXQLEN, length);
    }

    public static NetlinkRequest setMasterRequest(int index, int masterIndex) {
        requireNotNegative("master index", masterIndex);
        return ifinfomsg(setLink(), index, 0, 0).attributeU32(IFLA_MASTER, masterIndex);
    }

    public static NetlinkRequest moveToNetnsRequest(int index, int netnsFd) {
        requireNotNegative("namespace fd", netnsFd);
        return ifinfomsg(setLink(), index, 0, 0).attributeU32(IFLA_NET_NS_FD, netnsFd);
    }

    public static NetlinkRequest deleteRequest(int index) {
        return ifinfomsg(new NetlinkRequest(RouteNetlink.RTM_DELLINK, NetlinkRequest.NLM_F_ACK), index, 0, 0);
    }

    /** "link eth0 (index 2)": how errors name a link. */
    static String describe(Link link) {
        return "link " + link.name() + " (index " + link.index() + ")";
    }

    /** "veth veth0 (peer eth0 in namespace fd 7)", "vlan eth0.100 (parent index 2)", ...: how errors name a new link. */
    static String describe(NewLink link) {
        String detail = switch (link.kind()) {
            case NewLink.Veth v -> " (peer " + v.peerName() + (v.peerNetnsFd() >= 0
                    ? " in the network namespace of fd " + v.peerNetnsFd() : "") + ")";
            case NewLink.Macvlan m -> " (parent index " + m.parentIndex() + ", mode " + m.mode() + ")";
            case NewLink.Ipvlan i -> " (parent index " + i.parentIndex() + ", mode " + i.mode() + ")";
            case NewLink.Vlan v -> " (parent index " + v.parentIndex() + ", id " + v.vlanId() + ")";
            case NewLink.Bond b -> " (mode " + b.mode() + ")";
            case NewLink.Bridge b -> "";
        };
        return LinkCreateRequest.kindName(link.kind()) + " " + link.name() + detail;
    }

    /** {@code struct ifinfomsg}: family AF_UNSPEC, pad, type 0, index, flags, change mask. */
    static NetlinkRequest ifinfomsg(NetlinkRequest r, int index, int flags, int change) {
        return r.u8(RouteNetlink.AF_UNSPEC).u8(0).u16(0).u32(index).u32(flags).u32(change);
    }

    private static NetlinkRequest setLink() {
        return new NetlinkRequest(RouteNetlink.RTM_SETLINK, NetlinkRequest.NLM_F_ACK);
    }

    private static Optional<Link> getOne(NetlinkSocket socket, NetlinkRequest request, String what) throws NetlinkException {
        try {
            return Optional.ofNullable(LinkDecoder.decode(socket.request(request, what)));
        } catch (NetlinkException e) {
            if (e.errno() == NetlinkException.ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void requireNotNegative(String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " " + value + " must not be negative");
        }
    }
}
