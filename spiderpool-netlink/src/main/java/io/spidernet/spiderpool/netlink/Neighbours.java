package io.spidernet.spiderpool.netlink;

import java.util.List;

/** Neighbour entries over {@code RTM_*NEIGH}. */
public final class Neighbours {
    private Neighbours() {}

    /** Entries of {@code family} (AF_UNSPEC: both) on every link. */
    public static List<Neighbour> list(NetlinkSocket socket, int family) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    /** Adds or overwrites (NLM_F_CREATE|NLM_F_REPLACE) the entry. */
    public static void replace(NetlinkSocket socket, Neighbour neighbour) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static void delete(NetlinkSocket socket, Neighbour neighbour) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }
}
