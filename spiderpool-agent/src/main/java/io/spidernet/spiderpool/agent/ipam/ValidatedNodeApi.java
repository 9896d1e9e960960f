package io.spidernet.spiderpool.agent.ipam;

import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.CONTAINER_ID;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.IF_NAME;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.NAMESPACE;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.NETNS;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.NETWORK_NAME;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.POD_NAME;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.POD_UID;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.POOL_NAME;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.Attachment;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckResponse;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectResponse;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.GetWorkloadEndpointRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpoint;
import io.spidernet.spiderpool.core.cni.CniAttachment;
import io.spidernet.spiderpool.core.cni.NodeRequestFields;
import io.spidernet.spiderpool.core.cni.NodeRequestFields.Field;
import io.spidernet.spiderpool.core.cni.NodeRequestFields.ListField;
import java.util.ArrayList;
import java.util.List;

/**
 * The node API's edge: every request, from the CNI socket and from gRPC alike, has each of its
 * string and list fields checked by core's {@link NodeRequestFields} before the store sees it. A
 * refusal is {@code WRONG_INPUT} naming the field, the value and the rule. Both transports hold
 * this one instance, so neither can skip it.
 */
public final class ValidatedNodeApi implements NodeApi {
    private final NodeApi next;

    public ValidatedNodeApi(NodeApi next) {
        this.next = next;
    }

    @Override
    public AllocateResponse allocate(AllocateRequest req) {
        List<Field> f = call(req.getContainerId(), req.getIfName(), req.getNetNamespace(), req.getPod());
        f.add(new Field("network", req.getNetwork(), NETWORK_NAME));
        check(f, List.of(new ListField("default_ipv4_ippool", req.getDefaultIpv4IppoolList(), POOL_NAME),
                new ListField("default_ipv6_ippool", req.getDefaultIpv6IppoolList(), POOL_NAME)));
        return next.allocate(req);
    }

    @Override
    public ReleaseResponse release(ReleaseRequest req) {
        check(call(req.getContainerId(), req.getIfName(), req.getNetNamespace(), req.getPod()), List.of());
        return next.release(req);
    }

    @Override
    public ReleaseResponse releaseAll(ReleaseAllRequest req) {
        List<Field> f = call(req.getContainerId(), null, req.getNetNamespace(), req.getPod());
        check(f, List.of());
        return next.releaseAll(req);
    }

    @Override
    public CheckResponse check(CheckRequest req) {
        check(call(req.getContainerId(), req.getIfName(), req.getNetNamespace(), req.getPod()), List.of());
        return next.check(req);
    }

    @Override
    public HealthyResponse healthy(HealthyRequest req) {
        return next.healthy(req);
    }

    @Override
    public WorkloadEndpoint workloadEndpoint(GetWorkloadEndpointRequest req) {
        check(pod(req.getPodNamespace(), req.getPodName()), List.of());
        return next.workloadEndpoint(req);
    }

    /** The network is required: without it GC could not tell this network's records from another's. */
    @Override
    public GarbageCollectResponse garbageCollect(GarbageCollectRequest req) {
        Workload.required(req.getNetwork(), "network (the netconf's name)");
        check(List.of(new Field("network", req.getNetwork(), NETWORK_NAME)), List.of());
        List<CniAttachment> valid = new ArrayList<>(req.getValidAttachmentsCount());
        for (Attachment a : req.getValidAttachmentsList()) {
            valid.add(new CniAttachment(a.getContainerId(), a.getIfName()));
        }
        NodeRequestFields.checkAttachments("valid_attachments", valid).ifPresent(r -> {
            throw new NodeFailure(Failure.Kind.WRONG_INPUT, r.message());
        });
        return next.garbageCollect(req);
    }

    @Override
    public CoordinatorConfig coordinatorConfig(GetCoordinatorConfigRequest req) {
        check(pod(req.getPodNamespace(), req.getPodName()), List.of());
        return next.coordinatorConfig(req);
    }

    /** The fields of a CNI call; {@code ifName} null for the one call without an interface (ReleaseAll). */
    private static List<Field> call(String containerId, String ifName, String netns, PodIdentity pod) {
        List<Field> f = new ArrayList<>();
        f.add(new Field("container_id (CNI_CONTAINERID)", containerId, CONTAINER_ID));
        if (ifName != null) {
            f.add(new Field("if_name (CNI_IFNAME)", ifName, IF_NAME));
        }
        f.add(new Field("net_namespace (CNI_NETNS)", netns, NETNS));
        f.add(new Field("pod namespace (K8S_POD_NAMESPACE)", pod.getNamespace(), NAMESPACE));
        f.add(new Field("pod name (K8S_POD_NAME)", pod.getName(), POD_NAME));
        f.add(new Field("pod UID (K8S_POD_UID)", pod.getUid(), POD_UID));
        return f;
    }

    private static List<Field> pod(String namespace, String name) {
        return List.of(new Field("pod_namespace", namespace, NAMESPACE), new Field("pod_name", name, POD_NAME));
    }

    private static void check(List<Field> fields, List<ListField> lists) {
        NodeRequestFields.check(fields, lists).ifPresent(r -> {
            throw new NodeFailure(Failure.Kind.WRONG_INPUT, r.message());
        });
    }

    @Override
    public long poolWrites() {
        return next.poolWrites();
    }

    @Override
    public long poolWriteConflicts() {
        return next.poolWriteConflicts();
    }

    @Override
    public String describe() {
        return next.describe();
    }

    @Override
    public void close() {
        next.close();
    }
}
