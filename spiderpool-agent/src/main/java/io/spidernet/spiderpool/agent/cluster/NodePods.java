package io.spidernet.spiderpool.agent.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.agent.ipam.NodeFailure;
import io.spidernet.spiderpool.agent.ipam.Workload;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.core.workload.PodLiveness;

/**
 * The pods a request may name in cluster mode: a pod of this agent's node, named by its UID as well
 * as its name. A name alone may be a newer pod of that name, and the runtime always knows the UID
 * (K8S_POD_UID); another node's pod is that node's agent's business. Refusals say what to send.
 */
final class NodePods {
    private final ClusterView cluster;
    private final String nodeName;

    NodePods(ClusterView cluster, String nodeName) {
        this.cluster = cluster;
        this.nodeName = nodeName;
    }

    /** The pod an ADD names, from the cache or else the API; refused when it will never run again. */
    Pod live(PodIdentity id, String containerId) {
        Workload.required(containerId, "container_id (CNI_CONTAINERID)");
        String ns = Workload.required(id.getNamespace(), "pod namespace (K8S_POD_NAMESPACE in CNI_ARGS; the kubernetes"
                + " store serves pods only)");
        String name = Workload.required(id.getName(), "pod name (K8S_POD_NAME in CNI_ARGS; the kubernetes store serves"
                + " pods only)");
        Pod pod = cluster.pod(ns, name, requireUid(id)).orElseThrow(() -> new NodeFailure(Failure.Kind.NOT_READY,
                "pod " + ns + "/" + name + " (uid " + id.getUid() + ") is not in the API server; the runtime retries once it is"));
        requireThisNode(pod);
        if (PodLiveness.of(pod) instanceof PodLiveness.Dead dead) {
            throw new NodeFailure(Failure.Kind.WRONG_INPUT, "pod " + ns + "/" + name + " will not run again ("
                    + dead.reason() + "), so it gets no addresses");
        }
        return pod;
    }

    /** The pod a ReleaseAll or CHECK names, which must exist. */
    Pod existing(PodIdentity id) {
        String ns = Workload.required(id.getNamespace(), "pod namespace");
        String name = Workload.required(id.getName(), "pod name");
        Pod pod = cluster.pod(ns, name, requireUid(id)).orElseThrow(() -> new NodeFailure(Failure.Kind.NOT_FOUND,
                "pod " + ns + "/" + name + " (uid " + id.getUid() + ") is not in the API server"));
        requireThisNode(pod);
        return pod;
    }

    void requireThisNode(Pod pod) {
        String node = ClusterView.nodeOf(pod);
        if (!nodeName.equals(node)) {
            throw new NodeFailure(Failure.Kind.WRONG_INPUT, "pod " + pod.getMetadata().getNamespace() + "/"
                    + pod.getMetadata().getName() + " (uid " + pod.getMetadata().getUid() + ") is "
                    + (node.isEmpty() ? "not scheduled to a node" : "on node " + node) + ", not on this agent's node "
                    + nodeName + "; only the agent of the pod's node serves it");
        }
    }

    private static String requireUid(PodIdentity id) {
        if (id.getUid().isEmpty()) {
            throw new NodeFailure(Failure.Kind.WRONG_INPUT, "pod UID (K8S_POD_UID in CNI_ARGS) is empty for pod "
                    + id.getNamespace() + "/" + id.getName() + "; the kubernetes store serves a pod only when named by"
                    + " its UID too: send the pod's metadata.uid");
        }
        return id.getUid();
    }
}
