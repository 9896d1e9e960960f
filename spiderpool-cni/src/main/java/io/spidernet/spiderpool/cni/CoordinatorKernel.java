package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.coordinator.CoordinatorPlan;
import io.spidernet.spiderpool.core.coordinator.NetOp;
import io.spidernet.spiderpool.core.coordinator.PodFacts;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.netlink.NetlinkException;
import io.spidernet.spiderpool.netlink.Netns;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the coordinator's kernel work meets CNI errors: every exception of the reader and the
 * executor becomes a {@link CniError} here. Apart from {@link CoordinatorPlugin} so that its
 * verifier does not load the netlink types on the VERSION path.
 */
final class CoordinatorKernel {
    private CoordinatorKernel() {}

    static PodFacts read(PodFactsReader reader, Path netns) {
        try {
            return reader.read(netns);
        } catch (Netns.NetnsException e) {
            throw cannotEnter(netns, e);
        } catch (CniError e) {
            throw e;
        } catch (Exception e) {
            throw new CniError.IoFailure("coordinator: cannot read the links, addresses and routes of the pod's"
                    + " namespace " + netns + " and the host's: " + message(e), "see the kernel log; the runtime retries ADD");
        }
    }

    /** For DEL: null when the namespace is gone, since everything the pod side held went with it. */
    static List<IpAddress> podIpsIfPresent(PodFactsReader reader, Path netns) {
        try {
            return reader.podIps(netns);
        } catch (Netns.NetnsException e) {
            if (e.errno() == NetlinkException.ENOENT) {
                return null;
            }
            throw cannotEnter(netns, e);
        } catch (CniError e) {
            throw e;
        } catch (Exception e) {
            throw new CniError.IoFailure("coordinator: cannot read the pod's namespace " + netns + " for DEL: "
                    + message(e), "see the kernel log; the runtime retries DEL");
        }
    }

    static void apply(NetOpExecutor executor, Path netns, CoordinatorPlan plan) {
        try {
            executor.apply(netns, plan);
        } catch (Netns.NetnsException e) {
            throw cannotEnter(netns, e);
        } catch (CniError e) {
            throw e;
        } catch (Exception e) {
            throw new CniError.IoFailure("coordinator: applying the plan in " + netns + " failed: " + message(e),
                    "the runtime retries ADD");
        }
    }

    static void applyInHost(NetOpExecutor executor, List<NetOp> ops) {
        try {
            executor.applyInHost(ops);
        } catch (CniError e) {
            throw e;
        } catch (Exception e) {
            throw new CniError.IoFailure("coordinator: cleaning up in the host's namespace failed: " + message(e),
                    "the runtime retries DEL");
        }
    }

    private static CniError cannotEnter(Path netns, Netns.NetnsException e) {
        return NetnsFailures.cannotEnter(netns, e, new CniError.InvalidEnvironment("CNI_NETNS " + netns + " does not exist",
                "the container's network namespace is gone; the runtime must pass a live namespace for ADD"));
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
