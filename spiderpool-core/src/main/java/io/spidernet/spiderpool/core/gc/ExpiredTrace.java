package io.spidernet.spiderpool.core.gc;

import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.workload.Validity;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** What a trace worker does with an entry whose stop time has passed. */
public sealed interface ExpiredTrace {

    String reason();

    /** Nothing left to free: the endpoint is already gone. */
    record Done(String reason) implements ExpiredTrace {}

    /** The endpoint now belongs to another pod of that name; the scan-all judges the old records. */
    record LeaveToScanAll(String reason) implements ExpiredTrace {}

    /**
     * The StatefulSet replica slot or KubeVirt VM became valid again since the entry was made (scaled back
     * up, VM recreated): its addresses stay for the next pod.
     */
    record KeepFixedSlot(String reason) implements ExpiredTrace {}

    /**
     * Free {@code addresses} from their pools (each record only while it still carries {@code podUid}),
     * then delete the endpoint if {@code deleteEndpoint} (a StatefulSet/KubeVirt endpoint has no owner
     * reference to the pod that would delete it) and remove its finalizer.
     */
    record Release(List<PoolIp> addresses, String podUid, boolean deleteEndpoint, String reason)
            implements ExpiredTrace {
        public Release {
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(podUid, "podUid");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * @param endpoint  the SpiderEndpoint of the entry's namespace and name now
     * @param fixedSlot as in {@link ScanFacts#fixedSlot()}, for the endpoint's owner now
     */
    static ExpiredTrace decide(TraceEntry entry, Optional<SpiderEndpoint> endpoint, Optional<Validity> fixedSlot) {
        String pod = "pod " + entry.key() + " (UID " + entry.podUid() + ")";
        if (endpoint.isEmpty()) {
            return new Done(pod + ": its SpiderEndpoint is already gone");
        }
        String endpointUid = endpoint.get().getStatus() == null || endpoint.get().getStatus().current() == null
                ? "" : Objects.requireNonNullElse(endpoint.get().getStatus().current().uid(), "");
        if (!endpointUid.equals(entry.podUid())) {
            return new LeaveToScanAll(pod + ": its SpiderEndpoint now belongs to UID " + endpointUid);
        }
        if (fixedSlot.map(Validity::valid).orElse(false)) {
            return new KeepFixedSlot(pod + ": its replica slot or VM is valid again (" + fixedSlot.get().reason() + ")");
        }
        List<PoolIp> addresses = PoolIp.of(endpoint.get());
        return new Release(addresses, entry.podUid(), fixedSlot.isPresent(),
                pod + ": " + entry.cause().name().toLowerCase(Locale.ROOT) + " and past " + entry.stopAt()
                        + "; freeing " + addresses);
    }
}
