package io.spidernet.spiderpool.core.gc;

import io.spidernet.spiderpool.core.gc.ScanVerdict.Keep;
import io.spidernet.spiderpool.core.gc.ScanVerdict.Release;
import io.spidernet.spiderpool.core.gc.ScanVerdict.Trace;
import io.spidernet.spiderpool.core.workload.Validity;
import java.time.Instant;

/**
 * The scan-all's verdict on one pool record: may this address be freed, now, and why. Only decides:
 * the controller fetches the facts before, judges a release seen in its caches again on fresh reads
 * from the API, and frees through
 * {@link io.spidernet.spiderpool.core.allocation.AllocationEngine#releaseRecords} (the coalesced,
 * version-checked pool writes CNI DEL frees through, used by the trace workers too), which removes a
 * record only while it still names the judged pod UID.
 *
 * <p>The rules, in order: nothing is freed while IP GC is switched off, nor a record whose pod is not
 * written {@code <namespace>/<name>}; then a record whose pod is gone; a record whose UID is not the
 * current pod's (an earlier pod of that name held it); and a record of the current pod, judged by its
 * phase. One guarantee holds over all of them: a Running or Pending pod that is not terminating never
 * loses an address recorded under its own UID, unless
 * {@code SPIDERPOOL_GC_ENABLE_STATELESS_RUNNING_POD_ON_EMPTY_POD_STATUS_IPS} asks for exactly that.
 */
public final class ScanAllRules {
    private ScanAllRules() {}

    public static ScanVerdict verdict(PoolRecord record, ScanFacts facts, GcSettings settings, Instant now) {
        String who = record + ", pod " + record.podKey();
        if (!settings.gcIpEnabled()) {
            return new Keep(who + ": IP GC is switched off (" + GcSettings.IP_ENABLED + "=false)");
        }
        if (record.name().isEmpty()) {
            // a key we cannot split names no pod we could look up; a person has to look at it
            return new Keep(record + ": the record names \"" + record.podKey() + "\", not <namespace>/<name>");
        }
        if (facts.pod().isEmpty()) {
            return podGone(who, facts);
        }
        PodState pod = new PodState(facts.pod().get());
        if (!pod.uid().equals(record.podUid())) {
            return earlierPodOfThatName(who, record, pod, facts);
        }
        return currentPod(who, pod, facts, settings, now);
    }

    private static ScanVerdict podGone(String who, ScanFacts facts) {
        if (facts.endpoint().isEmpty()) {
            return new Release(who + " is gone and has no SpiderEndpoint", false);
        }
        if (facts.fixedSlotValid()) {
            return new Keep(who + " is gone but its SpiderEndpoint keeps the address for the next pod: "
                    + slot(facts.fixedSlot().get()));
        }
        String owner = facts.fixedSlot().map(v -> "no longer valid (" + v.reason() + ")")
                .orElse("of a stateless pod");
        return new Release(who + " is gone and its SpiderEndpoint is " + owner
                + "; it belongs to no valid StatefulSet replica or KubeVirt VM", true);
    }

    /** The record's UID is not the live pod's: the holder was an earlier pod with the same name. */
    private static ScanVerdict earlierPodOfThatName(String who, PoolRecord record, PodState pod, ScanFacts facts) {
        String mismatch = who + " is held by UID " + record.podUid() + " but the pod now has UID " + pod.uid();
        // the endpoint goes too when it also still describes an earlier pod
        boolean staleEndpoint = facts.endpoint().isPresent() && !facts.endpointUid().orElse("").equals(pod.uid());
        if (facts.fixedSlot().isEmpty()) {
            return new Release(mismatch + "; a stateless pod's addresses do not pass to a new pod", staleEndpoint);
        }
        if (pod.hasPodIps()) {
            return new Release(mismatch + "; the new pod already runs with its addresses, so this one is left over",
                    staleEndpoint);
        }
        if (facts.fixedSlotValid()) {
            return new Keep(mismatch + "; the new pod is still starting and may take the address over: "
                    + slot(facts.fixedSlot().get()));
        }
        return new Release(mismatch + "; " + slot(facts.fixedSlot().get()), staleEndpoint);
    }

    private static ScanVerdict currentPod(String who, PodState pod, ScanFacts facts, GcSettings settings,
                                          Instant now) {
        boolean endpoint = facts.endpoint().isPresent();
        String phase = pod.phase().isEmpty() ? "no phase" : "phase " + pod.phase();
        if (pod.finished()) {
            return finishedPod(who, pod, facts, settings, now);
        }
        if ("Pending".equals(pod.phase())) {
            return new Keep(who + " is Pending; it may still start with this address");
        }
        if (pod.terminating()) {
            return afterGrace(who + " (" + phase + ")", pod, facts, settings, now);
        }
        if (pod.hasPodIps()) {
            return new Keep(who + " has " + phase + " and status.podIPs set; it is using the address");
        }
        if (facts.fixedSlot().isPresent()) {
            Validity slot = facts.fixedSlot().get();
            if (slot.valid() || "Running".equals(pod.phase())) {
                // a Running replica that lost its slot is deleted by its controller; the trace GC frees it then
                return new Keep(who + " has " + phase + " and no status.podIPs; " + slot(slot));
            }
            return new Release(who + " has " + phase + " and no status.podIPs, and " + slot(slot), endpoint);
        }
        if ("Running".equals(pod.phase())) {
            return settings.gcStatelessRunningPodWithoutPodIps()
                    ? new Release(who + " is Running without status.podIPs and "
                            + GcSettings.STATELESS_RUNNING + "=true", endpoint)
                    : new Keep(who + " is Running without status.podIPs; freeing it needs "
                            + GcSettings.STATELESS_RUNNING + "=true");
        }
        return new Release(who + " has " + phase + ", is not terminating, and has no status.podIPs", endpoint);
    }

    private static ScanVerdict finishedPod(String who, PodState pod, ScanFacts facts, GcSettings settings,
                                           Instant now) {
        String finished = who + " has phase " + pod.phase();
        if (facts.fixedSlot().isPresent()) {
            Validity slot = facts.fixedSlot().get();
            if (slot.valid()) {
                // a replica may pass through Failed while it restarts; the trace GC re-checks the slot after
                // the grace, or at once when the grace is already over
                Instant deadline = GraceDeadlines.finished(pod, now, settings);
                return new Trace(deadline.isBefore(now) ? now : deadline,
                        finished + " but keeps the address for its next pod: " + slot(slot));
            }
            return new Release(finished + " and " + slot(slot), facts.endpoint().isPresent());
        }
        if (pod.terminating()) {
            return afterGrace(finished + " and is terminating", pod, facts, settings, now);
        }
        return new Keep(finished + "; the trace GC frees it at " + GraceDeadlines.finished(pod, now, settings)
                + ", after terminationGracePeriodSeconds");
    }

    /** A terminating pod: free after its grace period if the node gate allows, or once its network is gone. */
    private static ScanVerdict afterGrace(String who, PodState pod, ScanFacts facts, GcSettings settings,
                                          Instant now) {
        Instant deadline = GraceDeadlines.terminating(pod, settings);
        boolean gateOpen = settings.allowsGcOn(facts.node());
        boolean endpoint = facts.endpoint().isPresent();
        if (now.isAfter(deadline) && gateOpen) {
            return new Release(who + " ended its grace period at " + deadline, endpoint);
        }
        if (!pod.hasPodIps()) {
            return new Release(who + " is terminating and its status.podIPs is already empty", endpoint);
        }
        if (!gateOpen) {
            return new Keep(who + " is terminating and still has status.podIPs, and " + settings.closedGateReason(facts.node()));
        }
        return new Trace(deadline, who + " is terminating and still has status.podIPs until its grace period ends at "
                + deadline);
    }

    private static String slot(Validity validity) {
        return (validity.valid() ? "its replica slot or VM is still valid (" : "its replica slot or VM is no longer valid (")
                + validity.reason() + ")";
    }
}
