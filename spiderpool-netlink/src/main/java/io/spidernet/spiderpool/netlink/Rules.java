package io.spidernet.spiderpool.netlink;

import java.util.List;

/** Policy rules over {@code RTM_*RULE}; action FR_ACT_TO_TBL only, which is all Spiderpool uses. */
public final class Rules {
    private Rules() {}

    public static List<Rule> list(NetlinkSocket socket, int family) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    /** NLM_F_CREATE|NLM_F_EXCL: an identical rule fails with EEXIST. */
    public static void add(NetlinkSocket socket, Rule rule) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static void delete(NetlinkSocket socket, Rule rule) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }
}
