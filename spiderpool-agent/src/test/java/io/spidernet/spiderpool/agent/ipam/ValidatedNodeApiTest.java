package io.spidernet.spiderpool.agent.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.spidernet.spiderpool.core.cni.NodeRequestFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every node-API method goes through the edge rules, and a refused call never reaches the store. */
class ValidatedNodeApiTest {
    private final List<String> reached = new ArrayList<>();
    private final ValidatedNodeApi api = new ValidatedNodeApi(new Recording());
    private static final PodIdentity POD = PodIdentity.newBuilder().setNamespace("ns").setName("web-0").setUid("u-1").build();

    private void refused(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(NodeFailure.class, f -> assertThat(f.kind()).isEqualTo(Failure.Kind.WRONG_INPUT))
                .hasMessageStartingWith(message);
    }

    @Test
    void eachMethodChecksItsFieldsBeforeTheStore() {
        refused(() -> api.allocate(AllocateRequest.newBuilder().setContainerId("c").setIfName("eth0")
                .setPod(POD.toBuilder().setNamespace("NS")).build()), "pod namespace (K8S_POD_NAMESPACE) 'NS' is not valid");
        refused(() -> api.allocate(AllocateRequest.newBuilder().setContainerId("c").setIfName("eth0").setPod(POD)
                .addAllDefaultIpv6Ippool(Collections.nCopies(65, "p")).build()), "default_ipv6_ippool (65 entries)");
        refused(() -> api.release(ReleaseRequest.newBuilder().setContainerId("c").setIfName("a:b").setPod(POD).build()),
                "if_name (CNI_IFNAME) 'a:b' is not valid");
        refused(() -> api.releaseAll(ReleaseAllRequest.newBuilder().setContainerId("c").setPod(POD.toBuilder().setUid("u/1"))
                .build()), "pod UID (K8S_POD_UID) 'u/1' is not valid");
        refused(() -> api.check(CheckRequest.newBuilder().setContainerId("c;rm").setIfName("eth0").setPod(POD).build()),
                "container_id (CNI_CONTAINERID) 'c;rm' is not valid");
        refused(() -> api.check(CheckRequest.newBuilder().setContainerId("c").setIfName("eth0").setNetNamespace("/n\0").build()),
                "net_namespace (CNI_NETNS) '/n\\u0000' is not valid");
        refused(() -> api.workloadEndpoint(GetWorkloadEndpointRequest.newBuilder().setPodNamespace("ns").setPodName("Web").build()),
                "pod_name 'Web' is not valid");
        refused(() -> api.coordinatorConfig(GetCoordinatorConfigRequest.newBuilder().setPodNamespace("-ns").setPodName("w").build()),
                "pod_namespace '-ns' is not valid");
        refused(() -> api.allocate(AllocateRequest.newBuilder().setContainerId("c").setIfName("eth0").setPod(POD)
                .setNetwork("net/a").build()), "network 'net/a' is not valid");
        refused(() -> api.garbageCollect(GarbageCollectRequest.getDefaultInstance()), "network (the netconf's name) is required");
        refused(() -> api.garbageCollect(gc(attachment("c;rm", "eth0"))), "valid_attachments[0].container_id 'c;rm' is not valid");
        refused(() -> api.garbageCollect(gc(attachment("c", "eth0"), attachment("c", ""))),
                "valid_attachments[1].if_name (empty) is not valid");
        assertThat(reached).isEmpty();
    }

    /** The bound: a list longer than any node's is refused before the store holds it; the bound itself passes. */
    @Test
    void garbageCollectTakesAtMost65536ValidAttachments() {
        Attachment a = attachment("3c1e9f0a7b", "eth0");
        refused(() -> api.garbageCollect(gc(Collections.nCopies(NodeRequestFields.MAX_ATTACHMENTS + 1, a).toArray(Attachment[]::new))),
                "valid_attachments (65537 entries) is not valid: at most 65536 entries");
        assertThat(reached).isEmpty();

        api.garbageCollect(gc(Collections.nCopies(NodeRequestFields.MAX_ATTACHMENTS, a).toArray(Attachment[]::new)));
        assertThat(reached).containsExactly("garbageCollect");
    }

    private static Attachment attachment(String containerId, String ifName) {
        return Attachment.newBuilder().setContainerId(containerId).setIfName(ifName).build();
    }

    private static GarbageCollectRequest gc(Attachment... valid) {
        return GarbageCollectRequest.newBuilder().setNetwork("macvlan-conf").addAllValidAttachments(List.of(valid)).build();
    }

    @Test
    void validRequestsPassThrough() {
        api.allocate(AllocateRequest.newBuilder().setContainerId("c").setIfName("eth0").setNetNamespace("/var/run/netns/x")
                .setPod(POD).addDefaultIpv4Ippool("v4").build());
        api.release(ReleaseRequest.newBuilder().setContainerId("c").setIfName("eth0").build());
        api.releaseAll(ReleaseAllRequest.newBuilder().setContainerId("c").setPod(POD).build());
        api.check(CheckRequest.newBuilder().setContainerId("c").setIfName("eth0").build());
        api.healthy(HealthyRequest.getDefaultInstance());
        api.workloadEndpoint(GetWorkloadEndpointRequest.newBuilder().setPodNamespace("ns").setPodName("web-0").build());
        api.coordinatorConfig(GetCoordinatorConfigRequest.newBuilder().setPodNamespace("ns").setPodName("web-0").build());
        api.garbageCollect(gc(attachment("c", "eth0")));
        assertThat(reached).containsExactly("allocate", "release", "releaseAll", "check", "healthy", "workloadEndpoint",
                "coordinatorConfig", "garbageCollect");
    }

    private final class Recording implements NodeApi {
        @Override
        public AllocateResponse allocate(AllocateRequest req) {
            reached.add("allocate");
            return AllocateResponse.getDefaultInstance();
        }

        @Override
        public ReleaseResponse release(ReleaseRequest req) {
            reached.add("release");
            return ReleaseResponse.getDefaultInstance();
        }

        @Override
        public ReleaseResponse releaseAll(ReleaseAllRequest req) {
            reached.add("releaseAll");
            return ReleaseResponse.getDefaultInstance();
        }

        @Override
        public CheckResponse check(CheckRequest req) {
            reached.add("check");
            return CheckResponse.getDefaultInstance();
        }

        @Override
        public HealthyResponse healthy(HealthyRequest req) {
            reached.add("healthy");
            return HealthyResponse.getDefaultInstance();
        }

        @Override
        public WorkloadEndpoint workloadEndpoint(GetWorkloadEndpointRequest req) {
            reached.add("workloadEndpoint");
            return WorkloadEndpoint.getDefaultInstance();
        }

        @Override
        public CoordinatorConfig coordinatorConfig(GetCoordinatorConfigRequest req) {
            reached.add("coordinatorConfig");
            return CoordinatorConfig.getDefaultInstance();
        }

        @Override
        public GarbageCollectResponse garbageCollect(GarbageCollectRequest req) {
            reached.add("garbageCollect");
            return GarbageCollectResponse.getDefaultInstance();
        }

        @Override
        public String describe() {
            return "recording";
        }

        @Override
        public void close() {
        }
    }
}
