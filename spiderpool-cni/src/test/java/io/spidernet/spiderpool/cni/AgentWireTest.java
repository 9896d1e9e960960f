package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.Attachment;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckResponse;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.Dns;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
import io.spidernet.spiderpool.api.agent.v1.IpConfig;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.api.agent.v1.PolicyRoute;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import io.spidernet.spiderpool.api.agent.v1.ReplyHeader;
import io.spidernet.spiderpool.api.agent.v1.RequestHeader;
import io.spidernet.spiderpool.api.agent.v1.Route;
import io.spidernet.spiderpool.core.cni.CniRequest;
import io.spidernet.spiderpool.core.cni.IpamNetConf;
import io.spidernet.spiderpool.core.coordinator.CoordinatorDefaults;
import io.spidernet.spiderpool.core.coordinator.CoordinatorNetConf;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The plugin's hand-written wire format against protobuf's own, message by message: every request
 * the plugin encodes is byte for byte what protobuf writes for the same values (so the agent, which
 * parses with protobuf, reads the same request), and every reply protobuf writes decodes to the same
 * values, unknown fields and a newer agent's enum numbers included.
 */
class AgentWireTest {
    static Stream<Map<String, String>> environments() {
        Map<String, String> full = new HashMap<>(Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "c0ffee",
                "CNI_NETNS", "/var/run/netns/pod-1", "CNI_IFNAME", "net1", "CNI_PATH", "/opt/cni/bin",
                "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=kube-système;K8S_POD_NAME=web-0;K8S_POD_UID=5b1b-42"));
        // outside Kubernetes: no pod, every identity field empty (the embedded message is still sent)
        Map<String, String> bare = Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "x", "CNI_NETNS", "/proc/1/ns/net",
                "CNI_IFNAME", "eth0", "CNI_PATH", "/opt/cni/bin");
        return Stream.of(full, bare);
    }

    private static IpamNetConf conf(String ipam) {
        return IpamNetConf.parse("{\"cniVersion\":\"1.1.0\",\"name\":\"macvlan.net_1\",\"type\":\"macvlan\",\"ipam\":{\"type\":\"spiderpool\""
                + ipam + "}}");
    }

    @ParameterizedTest
    @MethodSource("environments")
    void requestsAreTheBytesProtobufWrites(Map<String, String> env) {
        CniRequest request = CniRequest.fromEnv(env);
        PodIdentity pod = PodIdentity.newBuilder().setNamespace(request.args().podNamespace())
                .setName(request.args().podName()).setUid(request.args().podUid()).build();
        for (IpamNetConf conf : List.of(conf(""), conf(",\"default_ipv4_ippool\":[\"v4-a\",\"v4-b\"],\"default_ipv6_ippool\":[\"v6\"],"
                + "\"clean_gateway\":true,\"match_master_subnet\":true"))) {
            assertThat(AgentRequests.allocate(request, conf).toByteArray()).isEqualTo(AllocateRequest.newBuilder()
                    .setContainerId(request.containerId()).setIfName(request.ifName()).setNetNamespace(request.netns())
                    .setPod(pod).addAllDefaultIpv4Ippool(conf.ipam().defaultIpv4IpPools())
                    .addAllDefaultIpv6Ippool(conf.ipam().defaultIpv6IpPools()).setCleanGateway(conf.ipam().cleanGateway())
                    .setMatchMasterSubnet(conf.ipam().matchMasterSubnet()).setNetwork(conf.name()).build().toByteArray());
        }
        assertThat(AgentRequests.release(request).toByteArray()).isEqualTo(ReleaseRequest.newBuilder()
                .setContainerId(request.containerId()).setIfName(request.ifName()).setNetNamespace(request.netns())
                .setPod(pod).build().toByteArray());
        assertThat(AgentRequests.check(request).toByteArray()).isEqualTo(CheckRequest.newBuilder()
                .setContainerId(request.containerId()).setIfName(request.ifName()).setNetNamespace(request.netns())
                .setPod(pod).build().toByteArray());
        assertThat(AgentRequests.releaseAll(request).toByteArray()).isEqualTo(ReleaseAllRequest.newBuilder()
                .setContainerId(request.containerId()).setNetNamespace(request.netns()).setPod(pod)
                .setIsReleaseConflictIps(true).build().toByteArray());
        assertThat(AgentRequests.coordinatorConfig(request).toByteArray()).isEqualTo(GetCoordinatorConfigRequest.newBuilder()
                .setPodNamespace(request.args().podNamespace()).setPodName(request.args().podName()).build().toByteArray());
    }

    @Test
    void garbageCollectAndTheFramingAreTheBytesProtobufWrites() throws Exception {
        IpamNetConf conf = IpamNetConf.parse("{\"cniVersion\":\"1.1.0\",\"name\":\"net\",\"type\":\"macvlan\","
                + "\"ipam\":{\"type\":\"spiderpool\"},\"cni.dev/valid-attachments\":[{\"containerID\":\"a\",\"ifname\":\"eth0\"},"
                + "{\"containerID\":\"b\",\"ifname\":\"net1\"}]}");
        GarbageCollectRequest gc = GarbageCollectRequest.newBuilder().setNetwork("net")
                .addValidAttachments(Attachment.newBuilder().setContainerId("a").setIfName("eth0"))
                .addValidAttachments(Attachment.newBuilder().setContainerId("b").setIfName("net1")).build();
        assertThat(AgentRequests.garbageCollect(conf).toByteArray()).isEqualTo(gc.toByteArray());

        // a request longer than 127 bytes: its length prefix takes two bytes
        String longId = "c".repeat(300);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        RequestHeader.newBuilder().setMethod(AgentClient.RELEASE).build().writeDelimitedTo(expected);
        ReleaseRequest release = ReleaseRequest.newBuilder().setContainerId(longId).build();
        release.writeDelimitedTo(expected);
        assertThat(AgentClient.frame(AgentClient.RELEASE, new WireWriter().string(1, longId).toByteArray()))
                .isEqualTo(expected.toByteArray());
    }

    @Test
    void allocationRepliesDecodeToProtobufsValues() throws Exception {
        IpConfig v4 = IpConfig.newBuilder().setVersion(4).setAddress("10.6.0.9/16").setNic("eth0").setIpPool("pool-a")
                .setGateway("10.6.0.1").setVlan(-1).setMac("02:00:00:00:00:01").setEnableGatewayDetection(true)
                .setEnableIpConflictDetection(true).build();
        IpConfig v6 = IpConfig.newBuilder().setVersion(6).setAddress("fd00::9/64").setNic("net1").build();
        AllocateResponse full = AllocateResponse.newBuilder().addIps(v4).addIps(v6)
                .addRoutes(Route.newBuilder().setIfName("eth0").setDst("10.96.0.0/12").setGw("10.6.0.1"))
                .setDns(Dns.newBuilder().addNameservers("10.96.0.10").addNameservers("").setDomain("cluster.local")
                        .addSearch("svc.cluster.local").addOptions("ndots:5"))
                // a newer agent's field: skipped
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(99, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFromUtf8("future")).addVarint(7).addFixed32(1).addFixed64(2).build()).build())
                .build();

        AgentReply.Allocation got = AgentReply.Allocation.decode(new WireReader(full.toByteArray()));

        assertThat(got.ips()).containsExactly(
                new AgentReply.Ip(4, "10.6.0.9/16", "eth0", "pool-a", "10.6.0.1", -1, "02:00:00:00:00:01", true, true),
                new AgentReply.Ip(6, "fd00::9/64", "net1", "", "", 0, "", false, false));
        assertThat(got.routes()).containsExactly(new AgentReply.Route("eth0", "10.96.0.0/12", "10.6.0.1"));
        assertThat(got.dns()).isEqualTo(new AgentReply.Dns(List.of("10.96.0.10", ""), "cluster.local",
                List.of("svc.cluster.local"), List.of("ndots:5")));
        // and what the training agent encodes is what protobuf encodes
        assertThat(got.encode().toByteArray()).isEqualTo(full.toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance())
                .build().toByteArray());

        AgentReply.Allocation noDns = AgentReply.Allocation.decode(new WireReader(
                CheckResponse.newBuilder().addIps(v6).build().toByteArray()));
        assertThat(noDns.dns()).isNull();
        assertThat(noDns.ips()).hasSize(1);
        assertThat(AgentReply.Allocation.decode(new WireReader(AllocateResponse.newBuilder().setDns(Dns.getDefaultInstance())
                .build().toByteArray())).dns()).isEqualTo(new AgentReply.Dns(List.of(), "", List.of(), List.of()));
    }

    @Test
    void otherRepliesDecodeToProtobufsValues() throws Exception {
        ReleaseResponse released = ReleaseResponse.newBuilder().addReleased("p/10.0.0.1").addReleased("p/fd00::1").build();
        assertThat(AgentReply.Released.decode(new WireReader(released.toByteArray())).released())
                .containsExactly("p/10.0.0.1", "p/fd00::1");
        assertThat(new AgentReply.Released(List.of("p/10.0.0.1", "p/fd00::1")).encode().toByteArray()).isEqualTo(released.toByteArray());

        HealthyResponse health = HealthyResponse.newBuilder().setServing(true).setStore("kubernetes").build();
        assertThat(AgentReply.Health.decode(new WireReader(health.toByteArray()))).isEqualTo(new AgentReply.Health(true, "kubernetes"));
        assertThat(AgentReply.Health.decode(new WireReader(new byte[0]))).isEqualTo(new AgentReply.Health(false, ""));

        CoordinatorConfig config = CoordinatorConfig.newBuilder().setMode("underlay").addOverlayPodCidr("10.244.0.0/16")
                .addServiceCidr("10.96.0.0/12").addServiceCidr("fd96::/108").setTunePodRoutes(true).addHijackCidr("169.254.0.0/16")
                .addPolicyRoutes(PolicyRoute.newBuilder().setDst("10.7.0.0/16").setGw("10.6.0.1")).setPodMacPrefix("0a:1b")
                .setPodDefaultRouteNic("net1").setHostRuleTable(500).setPodRpFilter(-1).setTxQueueLen(1000)
                .setVethLinkAddress("169.254.200.1").setVethMtu(9000).build();
        CoordinatorDefaults defaults = AgentCoordinatorConfig.decode(new WireReader(config.toByteArray()));
        assertThat(defaults).isEqualTo(new CoordinatorDefaults("underlay", List.of("10.244.0.0/16"),
                List.of("10.96.0.0/12", "fd96::/108"), true, List.of("169.254.0.0/16"),
                List.of(new CoordinatorNetConf.PolicyRoute("10.7.0.0/16", "10.6.0.1")), "0a:1b", "net1", 500, -1, 1000,
                "169.254.200.1", 9000));
        assertThat(AgentCoordinatorConfig.encode(defaults).toByteArray()).isEqualTo(config.toByteArray());
    }

    @Test
    void failuresDecodeWithProtobufsKindNumbers() throws Exception {
        assertThat(AgentReply.Failure.ofHeader(new WireReader(ReplyHeader.getDefaultInstance().toByteArray()))).isNull();
        for (Failure.Kind kind : Failure.Kind.values()) {
            if (kind == Failure.Kind.UNRECOGNIZED) {
                continue;
            }
            ReplyHeader header = ReplyHeader.newBuilder().setFailure(Failure.newBuilder().setKind(kind).setMessage("why")).build();
            AgentReply.Failure failure = AgentReply.Failure.ofHeader(new WireReader(header.toByteArray()));
            assertThat(failure).isEqualTo(new AgentReply.Failure(kind.getNumber(), "why"));
            assertThat(failure.header().toByteArray()).isEqualTo(header.toByteArray());
        }
        // a failure with every field at its default is still a failure
        assertThat(AgentReply.Failure.ofHeader(new WireReader(ReplyHeader.newBuilder().setFailure(Failure.getDefaultInstance())
                .build().toByteArray()))).isEqualTo(new AgentReply.Failure(AgentReply.Failure.INTERNAL, ""));
        assertThat(List.of(AgentReply.Failure.WRONG_INPUT, AgentReply.Failure.NO_AVAILABLE_POOL, AgentReply.Failure.IP_USED_OUT,
                AgentReply.Failure.RETRIES_EXHAUSTED, AgentReply.Failure.NOT_READY, AgentReply.Failure.NOT_FOUND,
                AgentReply.Failure.UNKNOWN_METHOD, AgentReply.Failure.CONFLICT_RELEASE_DISABLED,
                AgentReply.Failure.CONFLICT_RELEASE_STATEFUL)).containsExactly(Failure.Kind.WRONG_INPUT_VALUE,
                Failure.Kind.NO_AVAILABLE_POOL_VALUE, Failure.Kind.IP_USED_OUT_VALUE, Failure.Kind.RETRIES_EXHAUSTED_VALUE,
                Failure.Kind.NOT_READY_VALUE, Failure.Kind.NOT_FOUND_VALUE, Failure.Kind.UNKNOWN_METHOD_VALUE,
                Failure.Kind.CONFLICT_RELEASE_DISABLED_VALUE, Failure.Kind.CONFLICT_RELEASE_STATEFUL_VALUE);
    }

    @Test
    void truncatedOrBrokenBytesAreMalformedNotACrash() {
        byte[] whole = AllocateResponse.newBuilder().addIps(IpConfig.newBuilder().setAddress("10.0.0.1/24").setNic("eth0"))
                .build().toByteArray();
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> AgentReply.Allocation.decode(new WireReader(part)))
                    .isInstanceOf(WireReader.MalformedWireException.class);
        }
        // a group (wire type 3), a ten-byte-plus varint, field number 0
        for (byte[] bad : List.of(new byte[] {0x0b}, new byte[] {0x08, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1},
                new byte[] {0x00, 0x01})) {
            assertThatThrownBy(() -> AgentReply.Allocation.decode(new WireReader(bad)))
                    .isInstanceOf(WireReader.MalformedWireException.class);
        }
    }
}
