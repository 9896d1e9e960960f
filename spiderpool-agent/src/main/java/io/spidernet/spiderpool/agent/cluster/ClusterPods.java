package io.spidernet.spiderpool.agent.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.agent.ipam.NodeFailure;
import io.spidernet.spiderpool.agent.ipam.PodContext;
import io.spidernet.spiderpool.agent.ipam.PodSource;
import io.spidernet.spiderpool.agent.ipam.Subject;
import io.spidernet.spiderpool.agent.ipam.Workload;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.workload.PodLiveness;
import io.spidernet.spiderpool.core.workload.WorkloadIdentity;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Pod facts from the API server, with upstream's pod semantics (upstream-ipam §4.1, §5.1): a pod is
 * named by its UID, a dead pod gets nothing, a live pod's DEL frees nothing (the runtime only
 * re-creates the sandbox), and a DEL frees the whole pod.
 */
final class ClusterPods implements PodSource<ClusterPods.Found> {
    private static final Logger LOG = Logger.getLogger(ClusterPods.class);

    /** The pod and what owns it; {@code pod} is null for a DEL of a pod the API no longer has. */
    record Found(Pod pod, ClusterView.Owner owner) {}

    private final ClusterView cluster;
    private final NodePods pods;
    private final boolean releaseConflictIps;

    ClusterPods(ClusterView cluster, NodePods pods, boolean releaseConflictIps) {
        this.cluster = cluster;
        this.pods = pods;
        this.releaseConflictIps = releaseConflictIps;
    }

    @Override
    public ReleaseScope releaseScope() {
        return ReleaseScope.POD;
    }

    @Override
    public Subject<Found> forAdd(AllocateRequest req) {
        return subject(pods.live(req.getPod(), req.getContainerId()));
    }

    /**
     * Nothing to free for a call that names no pod, or no UID (a name alone may be a newer pod's), or a
     * pod that is still alive; a pod the API no longer has is looked up by its record alone.
     */
    @Override
    public Optional<Subject<Found>> forRelease(ReleaseRequest req) {
        Workload.required(req.getContainerId(), "container_id (CNI_CONTAINERID)");
        String ns = req.getPod().getNamespace();
        String name = req.getPod().getName();
        if (ns.isEmpty() || name.isEmpty()) {
            return Optional.empty(); // not a pod: nothing of ours (upstream skips too)
        }
        String uid = req.getPod().getUid();
        if (uid.isEmpty()) {
            // garbage collection frees what a gone pod held; DEL still succeeds, so that a runtime without
            // K8S_POD_UID is not stuck retrying
            LOG.infof("DEL of pod %s/%s without a UID (K8S_POD_UID): nothing is freed; garbage collection frees"
                    + " the addresses of a gone pod", ns, name);
            return Optional.empty();
        }
        Optional<Pod> pod = cluster.podFromApi(ns, name).filter(p -> uid.equals(p.getMetadata().getUid()));
        if (pod.isPresent()) {
            pods.requireThisNode(pod.get());
            if (PodLiveness.of(pod.get()).alive()) {
                LOG.debugf("DEL of live pod %s/%s: its addresses stay (sandbox re-creation)", ns, name);
                return Optional.empty();
            }
            return Optional.of(subject(pod.get()));
        }
        return Optional.of(recordOnly(ns, name, uid));
    }

    /**
     * Conflict clean-up (upstream {@code DELETE /ipam/ips}). Refused, each with its own failure kind, when
     * switched off (upstream 521) and for fixed addresses (522).
     */
    @Override
    public Subject<Found> forReleaseAll(ReleaseAllRequest req) {
        if (!releaseConflictIps) {
            throw new NodeFailure(Failure.Kind.CONFLICT_RELEASE_DISABLED, "releasing conflicting IPs is disabled"
                    + " (SPIDERPOOL_ENABLED_RELEASE_CONFLICT_IPS=false): pod " + req.getPod().getNamespace() + "/"
                    + req.getPod().getName() + " keeps its addresses");
        }
        Subject<Found> s = subject(pods.existing(req.getPod()));
        ClusterView.Owner owner = s.handle().owner();
        if (owner.identity().keepsAddresses()) {
            throw new NodeFailure(Failure.Kind.CONFLICT_RELEASE_STATEFUL, "pod " + s.namespace() + "/" + s.pod().name()
                    + " has fixed addresses (" + owner.top().kind() + " " + owner.top().name()
                    + "); they are not released on conflict: free the address on the underlay");
        }
        return s;
    }

    @Override
    public Subject<Found> forCheck(CheckRequest req) {
        return subject(pods.existing(req.getPod()));
    }

    @Override
    public PodContext context(Subject<Found> s) {
        Pod pod = s.handle().pod();
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return new PodContext(cluster.facts(pod, s.handle().owner().top()), annotations == null ? Map.of() : annotations,
                cluster.namespaceAnnotations(s.namespace()));
    }

    @Override
    public NodeFailure notRecorded(Subject<Found> s, String nic) {
        return new NodeFailure(Failure.Kind.NOT_FOUND, "no addresses are recorded for pod " + s.namespace() + "/"
                + s.pod().name() + " NIC " + nic + " (SpiderEndpoint " + s.recordName() + ")");
    }

    /** A record's pod by the record alone (gone from the API, or judged by CNI GC). */
    static Subject<Found> recordOnly(String namespace, String recordName, String uid) {
        return new Subject<>(null, new PodRef(namespace, recordName, uid), "",
                new WorkloadIdentity.Stateless(namespace, recordName, uid));
    }

    private Subject<Found> subject(Pod pod) {
        ClusterView.Owner owner = cluster.owner(pod);
        return new Subject<>(new Found(pod, owner), new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                pod.getMetadata().getUid()), "", owner.identity());
    }
}
