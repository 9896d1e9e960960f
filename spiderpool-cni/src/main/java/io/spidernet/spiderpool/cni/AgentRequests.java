package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniArgs;
import io.spidernet.spiderpool.core.cni.CniAttachment;
import io.spidernet.spiderpool.core.cni.CniRequest;
import io.spidernet.spiderpool.core.cni.IpamNetConf;

/**
 * The agent requests of the verbs, from the parsed environment and netconf, encoded as
 * ipam.proto's messages (field numbers beside each). The pod identity is passed exactly as
 * CNI_ARGS gave it, empty values included: outside Kubernetes there is no pod, and the agent then
 * identifies the allocation by the container ID.
 */
final class AgentRequests {
    private AgentRequests() {}

    /** AllocateRequest. */
    static WireWriter allocate(CniRequest request, IpamNetConf conf) {
        IpamNetConf.Ipam ipam = conf.ipam();
        return new WireWriter()
                .string(1, request.containerId())
                .string(2, request.ifName())
                .string(3, request.netns())
                .message(4, pod(request.args()))
                .strings(5, ipam.defaultIpv4IpPools())
                .strings(6, ipam.defaultIpv6IpPools())
                .bool(7, ipam.cleanGateway())
                .bool(8, ipam.matchMasterSubnet())
                .string(9, conf.name());
    }

    /** GarbageCollectRequest; GC's scope is the network of the configuration: only its records are judged. */
    static WireWriter garbageCollect(IpamNetConf conf) {
        WireWriter gc = new WireWriter().string(1, conf.name());
        for (CniAttachment a : conf.validAttachments()) {
            gc.message(2, new WireWriter().string(1, a.containerId()).string(2, a.ifName()));
        }
        return gc;
    }

    /** ReleaseRequest. */
    static WireWriter release(CniRequest request) {
        return perInterface(request);
    }

    /** ReleaseAllRequest: upstream's conflict clean-up ({@code DELETE /ipam/ips} with is_release_conflict_ips). */
    static WireWriter releaseAll(CniRequest request) {
        return new WireWriter()
                .string(1, request.containerId())
                .string(2, request.netns())
                .message(3, pod(request.args()))
                .bool(4, true);
    }

    /** CheckRequest. */
    static WireWriter check(CniRequest request) {
        return perInterface(request);
    }

    /** GetCoordinatorConfigRequest. */
    static WireWriter coordinatorConfig(CniRequest request) {
        return new WireWriter()
                .string(1, request.args().podNamespace())
                .string(2, request.args().podName());
    }

    /** ReleaseRequest and CheckRequest, which share their fields. */
    private static WireWriter perInterface(CniRequest request) {
        return new WireWriter()
                .string(1, request.containerId())
                .string(2, request.ifName())
                .string(3, request.netns())
                .message(4, pod(request.args()));
    }

    /** PodIdentity. */
    private static WireWriter pod(CniArgs args) {
        return new WireWriter()
                .string(1, args.podNamespace())
                .string(2, args.podName())
                .string(3, args.podUid());
    }
}
