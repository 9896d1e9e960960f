package io.spidernet.spiderpool.core.workload;

import java.util.Optional;

/**
 * What an ADD finds filed under the pod's record name, judged once so that the node flow switches on
 * it instead of re-asking "same UID? fixed slot? this NIC listed?" in each store. The record name is
 * the pod's, or its VM's (a KubeVirt VM's pods share one).
 */
public sealed interface HeldRecord {

    /** Nothing is filed: allocate, and create the record. */
    record None() implements HeldRecord {}

    /**
     * This pod's own record. With its NIC listed, the ADD is a repeat (another container, a new sandbox)
     * and gets the same answer; without, the NIC is allocated and added to the record.
     */
    record SamePod(boolean nicRecorded) implements HeldRecord {}

    /**
     * A StatefulSet replica's or a VM's record: its addresses follow the slot, whichever pod
     * ({@code previousUid}, perhaps this one) wrote it. With its NIC listed they are handed over; without,
     * the NIC is allocated and the record, kept, now names this pod.
     */
    record FixedSlot(String previousUid, boolean nicRecorded) implements HeldRecord {}

    /**
     * The record of an older pod of the same name (another UID, addresses not kept across pods): that
     * pod is gone, so its addresses are freed and the record is replaced.
     */
    record OlderPod(String previousUid) implements HeldRecord {}

    /**
     * @param podUid         the UID of the pod asking
     * @param keepsAddresses whether its addresses follow a slot ({@link WorkloadIdentity#keepsAddresses()})
     * @param recordUid      the UID the record names; empty when there is no record
     * @param nicRecorded    whether the record lists the NIC asked for
     */
    static HeldRecord judge(String podUid, boolean keepsAddresses, Optional<String> recordUid, boolean nicRecorded) {
        if (recordUid.isEmpty()) {
            return new None();
        }
        String held = recordUid.get();
        if (keepsAddresses && (nicRecorded || !held.equals(podUid))) {
            return new FixedSlot(held, nicRecorded);
        }
        if (held.equals(podUid)) {
            return new SamePod(nicRecorded);
        }
        return new OlderPod(held);
    }
}
