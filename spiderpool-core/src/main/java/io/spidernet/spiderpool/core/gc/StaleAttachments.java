package io.spidernet.spiderpool.core.gc;

import io.spidernet.spiderpool.core.cni.CniAttachment;
import java.util.Set;

/**
 * The verdict of a CNI GC (spec 1.1.0) on one recorded NIC: the runtime names a network and the
 * attachments to it still in use; a NIC is stale, and its addresses may go, only when
 * <ul>
 * <li>its record carries that network's name: NICs of other networks are that network's GC's, and a
 *     record written before ADD sent the network name (none recorded) is never judged stale here,
 *     since nothing tells which network it belongs to (the controller's garbage collection and DEL
 *     still free it);
 * <li>it is recorded on this node: another node's runtime speaks for its own containers only;
 * <li>its (container ID, interface) is not among the valid attachments.
 * </ul>
 * Whether the addresses then really go is the store's DEL rules' business (a live pod, a fixed
 * address keep theirs); this only says which NICs GC may consider.
 */
public final class StaleAttachments {
    private StaleAttachments() {}

    /** What a store recorded about one NIC: its attachment, its network (null or "" if none) and its node. */
    public record RecordedNic(String containerId, String nic, String network, String node) {}

    public static boolean isStale(RecordedNic recorded, String network, String thisNode, Set<CniAttachment> valid) {
        if (recorded.network() == null || recorded.network().isEmpty() || !recorded.network().equals(network)) {
            return false;
        }
        if (!thisNode.equals(recorded.node())) {
            return false;
        }
        return !valid.contains(new CniAttachment(recorded.containerId(), recorded.nic()));
    }
}
