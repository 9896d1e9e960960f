package io.spidernet.spiderpool.core.gc;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.model.EndpointStatus;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.workload.Validity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pods, endpoints and pool records as the GC rules see them; times are offsets from {@link #T0}. */
final class GcFixtures {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final GcSettings DEFAULTS = GcSettings.defaults();
    /** Upstream's defaults with {@code SPIDERPOOL_GC_IP_ENABLED=false}. */
    static final GcSettings GC_OFF = new GcSettings(false, DEFAULTS.gcTerminatingPodOnReadyNode(),
            DEFAULTS.gcTerminatingPodOnNotReadyNode(), DEFAULTS.additionalGraceDelay(), DEFAULTS.scanAllInterval(),
            DEFAULTS.traceScanGap(), DEFAULTS.gcStatelessRunningPodWithoutPodIps(), DEFAULTS.traceWorkers(),
            DEFAULTS.traceEntryMaxRetries(), DEFAULTS.traceDbCapacity(), DEFAULTS.scanAllRequestGap(),
            DEFAULTS.cleanOutdatedEndpoint());
    static final Optional<Validity> STATELESS = Optional.empty();
    static final Optional<Validity> VALID_SLOT = Optional.of(new Validity(true, "ordinal 1 within [0, 2]"));
    static final Optional<Validity> INVALID_SLOT = Optional.of(new Validity(false, "ordinal 3 outside [0, 2]"));

    private GcFixtures() {}

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static PoolRecord record(String pool, String ip, String podKey, String uid) {
        return new PoolRecord(pool, ip, new AllocationRecord(podKey, uid));
    }

    /** A pod in {@code phase} ("" for none); with addresses it reports them in status.podIPs. */
    static Pod pod(String namespace, String name, String uid, String phase, String... podIps) {
        PodBuilder b = new PodBuilder().withMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
                        .withUid(uid).build())
                .withNewSpec().withNodeName("node-1").endSpec()
                .withNewStatus().withPhase(phase.isEmpty() ? null : phase).endStatus();
        for (String ip : podIps) {
            b.editStatus().addNewPodIP(ip).endStatus();
        }
        return b.build();
    }

    /** The pod with {@code deletionTimestamp} at {@code deletedAt} and the given grace. */
    static Pod terminating(Pod pod, Instant deletedAt, long graceSeconds) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp(deletedAt.toString())
                .withDeletionGracePeriodSeconds(graceSeconds).endMetadata().build();
    }

    /** The pod's only container stopped at {@code finishedAt}; terminationGracePeriodSeconds as given. */
    static Pod finishedAt(Pod pod, Instant finishedAt, long terminationGraceSeconds) {
        return new PodBuilder(pod).editSpec().withTerminationGracePeriodSeconds(terminationGraceSeconds).endSpec()
                .editStatus().addNewContainerStatus().withName("main").withNewState().withNewTerminated()
                .withExitCode(0).withFinishedAt(finishedAt.toString()).endTerminated().endState().endContainerStatus()
                .endStatus().build();
    }

    static Pod hostNetwork(Pod pod) {
        return new PodBuilder(pod).editSpec().withHostNetwork(true).endSpec().build();
    }

    /** An endpoint whose addresses belong to {@code uid}; each address is "pool=ip/len". */
    static SpiderEndpoint endpoint(String namespace, String name, String uid, String... addresses) {
        List<IPAllocationDetail> nics = new ArrayList<>();
        int n = 0;
        for (String a : addresses) {
            String[] poolAndIp = a.split("=");
            boolean v6 = poolAndIp[1].contains(":");
            nics.add(new IPAllocationDetail("eth" + n++, v6 ? null : poolAndIp[1], v6 ? poolAndIp[1] : null,
                    v6 ? null : poolAndIp[0], v6 ? poolAndIp[0] : null, 0L, null, null, null, null, null));
        }
        SpiderEndpoint e = new SpiderEndpoint();
        e.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        e.setStatus(new EndpointStatus(new PodIPAllocation(uid, "node-1", nics), "Pod", name));
        return e;
    }

    static ScanFacts facts(Pod pod, SpiderEndpoint endpoint, Optional<Validity> slot, NodeReadiness node) {
        return new ScanFacts(Optional.ofNullable(pod), Optional.ofNullable(endpoint), slot, node);
    }

    static ScanFacts facts(Pod pod, SpiderEndpoint endpoint, Optional<Validity> slot) {
        return facts(pod, endpoint, slot, NodeReadiness.READY);
    }
}
