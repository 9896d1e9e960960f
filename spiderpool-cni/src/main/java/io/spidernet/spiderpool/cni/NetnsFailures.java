package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.netlink.NetlinkException;
import io.spidernet.spiderpool.netlink.Netns;

/** Why CNI_NETNS could not be entered, as the CNI error a user can act on; one wording for every verb. */
final class NetnsFailures {
    private NetnsFailures() {}

    /** @param whenGone the verb's own answer to a namespace that does not exist (gone is normal for some verbs) */
    static CniError cannotEnter(Object netns, Netns.NetnsException e, CniError whenGone) {
        return switch (e.errno()) {
            case NetlinkException.ENOENT -> whenGone;
            case NetlinkException.EINVAL -> new CniError.InvalidEnvironment("CNI_NETNS " + netns
                    + " is not a network namespace", "CNI_NETNS must name a network namespace file, such as"
                    + " /var/run/netns/<name> or /proc/<pid>/ns/net");
            case NetlinkException.EPERM -> new CniError.IoFailure("not permitted to enter network namespace " + netns
                    + " (" + e.getMessage() + ")", "run the plugin as root (it needs CAP_SYS_ADMIN), as runtimes do");
            default -> new CniError.IoFailure("cannot enter network namespace " + netns + ": " + e.getMessage(),
                    "check that CNI_NETNS names a live network namespace");
        };
    }
}
