package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.ifacer.HostLink;
import io.spidernet.spiderpool.netlink.NetlinkException;
import java.util.List;
import java.util.Map;

/**
 * The few link operations ifacer needs in the host namespace, by name. The seam between the plugin
 * and the kernel: {@link NetlinkHostLinks} does them over rtnetlink, the tests' in-memory fake
 * stands in where there is no kernel (or none with 8021q and bonding).
 */
interface HostLinks extends AutoCloseable {

    /** Opens a session, e.g. a netlink socket in the calling thread's namespace. */
    @FunctionalInterface
    interface Opener {
        HostLinks open() throws NetlinkException;
    }

    /** Every link of the namespace, indexes resolved to names. */
    List<HostLink> list() throws NetlinkException;

    /** Creates {@code name} as 802.1Q {@code vlanId} on {@code parent}, down. */
    void createVlan(String name, String parent, int vlanId) throws NetlinkException;

    /** Creates the bond {@code name}, down; {@code options} keyed by the bonding driver's names. */
    void createBond(String name, int mode, Map<String, String> options) throws NetlinkException;

    void setUp(String name) throws NetlinkException;

    void setDown(String name) throws NetlinkException;

    /** Enslaves {@code name} to the bond {@code master}. */
    void setMaster(String name, String master) throws NetlinkException;

    @Override
    void close();
}
