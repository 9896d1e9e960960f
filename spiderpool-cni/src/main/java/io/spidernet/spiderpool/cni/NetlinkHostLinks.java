package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.ifacer.HostLink;
import io.spidernet.spiderpool.netlink.Link;
import io.spidernet.spiderpool.netlink.Links;
import io.spidernet.spiderpool.netlink.NetlinkException;
import io.spidernet.spiderpool.netlink.NetlinkSocket;
import io.spidernet.spiderpool.netlink.NewLink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link HostLinks} over one rtnetlink socket, in the namespace of the thread that opened it. */
final class NetlinkHostLinks implements HostLinks {
    private final NetlinkSocket socket;

    private NetlinkHostLinks(NetlinkSocket socket) {
        this.socket = socket;
    }

    static NetlinkHostLinks open() throws NetlinkException {
        return new NetlinkHostLinks(NetlinkSocket.openRoute());
    }

    @Override
    public List<HostLink> list() throws NetlinkException {
        List<Link> links = Links.list(socket);
        Map<Integer, String> names = new HashMap<>();
        links.forEach(l -> names.put(l.index(), l.name()));
        List<HostLink> out = new ArrayList<>(links.size());
        for (Link l : links) {
            // a veth's IFLA_LINK may be an index in another namespace: only vlans' parents are looked up
            String parent = "vlan".equals(l.kind()) ? names.getOrDefault(l.parentIndex(), "") : "";
            out.add(new HostLink(l.name(), l.kind(), l.isUp(), l.vlanId(), parent, names.getOrDefault(l.masterIndex(), "")));
        }
        return out;
    }

    @Override
    public void createVlan(String name, String parent, int vlanId) throws NetlinkException {
        Links.create(socket, vlanLink(name, Links.require(socket, parent).index(), vlanId));
    }

    @Override
    public void createBond(String name, int mode, Map<String, String> options) throws NetlinkException {
        Links.create(socket, bondLink(name, mode, options));
    }

    /** The vlan link ifacer asks for: kernel defaults for everything but parent and ID (upstream sets no more). */
    static NewLink vlanLink(String name, int parentIndex, int vlanId) {
        return new NewLink(name, new NewLink.Vlan(parentIndex, vlanId));
    }

    /** The bond ifacer asks for; primary / active_slave in {@code options} are names, resolved by {@link Links#create}. */
    static NewLink bondLink(String name, int mode, Map<String, String> options) {
        return new NewLink(name, new NewLink.Bond(mode, options));
    }

    @Override
    public void setUp(String name) throws NetlinkException {
        Links.setUp(socket, Links.require(socket, name));
    }

    @Override
    public void setDown(String name) throws NetlinkException {
        Links.setDown(socket, Links.require(socket, name));
    }

    @Override
    public void setMaster(String name, String master) throws NetlinkException {
        Links.setMaster(socket, Links.require(socket, name), Links.require(socket, master).index());
    }

    @Override
    public void close() {
        socket.close();
    }
}
