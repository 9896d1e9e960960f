package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.Attachment;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.core.cni.CniArgs;
import io.spidernet.spiderpool.core.cni.CniAttachment;
import io.spidernet.spiderpool.core.cni.CniRequest;
import io.spidernet.spiderpool.core.cni.IpamNetConf;

/**
 * The agent requests of the verbs, from the parsed environment and netconf. The pod
 * identity is passed exactly as CNI_ARGS gave it, empty values included: outside Kubernetes
 * there is no pod, and the agent then identifies the allocation by the container ID.
 */
final class AgentRequests {
    private AgentRequests() {}

    static AllocateRequest allocate(CniRequest request, IpamNetConf conf) {
        IpamNetConf.Ipam ipam = conf.ipam();
        return AllocateRequest.newBuilder()
                .setContainerId(request.containerId())
                .setIfName(request.ifName())
                .setNetNamespace(request.netns())
                .setPod(pod(request.args()))
                .addAllDefaultIpv4Ippool(ipam.defaultIpv4IpPools())
                .addAllDefaultIpv6Ippool(ipam.defaultIpv6IpPools())
                .setCleanGateway(ipam.cleanGateway())
                .setMatchMasterSubnet(ipam.matchMasterSubnet())
                .setNetwork(conf.name())
                .build();
    }

    /** GC's scope is the network of the configuration: only its records are judged. */
    static GarbageCollectRequest garbageCollect(IpamNetConf conf) {
        GarbageCollectRequest.Builder gc = GarbageCollectRequest.newBuilder().setNetwork(conf.name());
        for (CniAttachment a : conf.validAttachments()) {
            gc.addValidAttachments(Attachment.newBuilder().setContainerId(a.containerId()).setIfName(a.ifName()));
        }
        return gc.build();
    }

    static ReleaseRequest release(CniRequest request) {
        return ReleaseRequest.newBuilder()
                .setContainerId(request.containerId())
                .setIfName(request.ifName())
                .setNetNamespace(request.netns())
                .setPod(pod(request.args()))
                .build();
    }

    /** Upstream's conflict clean-up ({@code DELETE /ipam/ips} with is_release_conflict_ips). */
    static ReleaseAllRequest releaseAll(CniRequest request) {
        return ReleaseAllRequest.newBuilder()
                .setContainerId(request.containerId())
                .setNetNamespace(request.netns())
                .setPod(pod(request.args()))
                .setIsReleaseConflictIps(true)
                .build();
    }

    static CheckRequest check(CniRequest request) {
        return CheckRequest.newBuilder()
                .setContainerId(request.containerId())
                .setIfName(request.ifName())
                .setNetNamespace(request.netns())
                .setPod(pod(request.args()))
                .build();
    }

    static GetCoordinatorConfigRequest coordinatorConfig(CniRequest request) {
        return GetCoordinatorConfigRequest.newBuilder()
                .setPodNamespace(request.args().podNamespace())
                .setPodName(request.args().podName())
                .build();
    }

    private static PodIdentity pod(CniArgs args) {
        return PodIdentity.newBuilder()
                .setNamespace(args.podNamespace())
                .setName(args.podName())
                .setUid(args.podUid())
                .build();
    }
}
