package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.spidernet.spiderpool.core.model.multus.MasterLinkConfig;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated two-node cluster configured the way Spiderpool users configure their NICs: with
 * SpiderMultusConfig objects. The packaged controller renders each into its NetworkAttachmentDefinition
 * on the test API server, and the test attaches pods with the NAD's {@code spec.config}, as Multus hands
 * it to the runtime. One edit is made to it: the agent's socket path is added for each node, because the
 * two simulated nodes share one filesystem, where a real node's agent listens at the default path the
 * rendered configuration leaves implied. The agents run on the local store; their SpiderCoordinator
 * (service CIDR 10.96.0.0/12, kube-proxy's range here) is a manifest in each node's pools directory.
 */
class SimClusterMultusConfigE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String NAMESPACE = "default";
    /** Multus's kind, named rather than discovered: the test API server has no discovery for it. */
    private static final ResourceDefinitionContext NAD = new ResourceDefinitionContext.Builder().withGroup("k8s.cni.cncf.io")
            .withVersion("v1").withKind("NetworkAttachmentDefinition").withPlural("network-attachment-definitions")
            .withNamespaced(true).build();
    private static SimCluster cluster;
    private static CountingApiServer api;
    private static ControllerProcess controller;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.exists(ControllerProcess.controllerJar()),
                "controller app not built at " + ControllerProcess.controllerJar() + "; run mvn install from the root");
        cluster = SimCluster.start(SimClusterMultusConfigE2ETest.class, 2);
        for (SimNode node : cluster.nodes()) {
            Files.writeString(node.dir.resolve("pools").resolve("coordinator.yaml"), """
                    apiVersion: spiderpool.spidernet.io/v2beta1
                    kind: SpiderCoordinator
                    metadata: {name: default}
                    spec: {}
                    status: {phase: Synced, serviceCIDR: ["%s"]}
                    """.formatted(SimCluster.SERVICE_RANGE));
        }
        api = new CountingApiServer();
        controller = ControllerProcess.launch("smc-controller", api.url(), Map.of("spiderpool.controller.leader-election.mode", "always"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (controller != null) {
            controller.close();
        }
        if (api != null) {
            api.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * A macvlan SpiderMultusConfig that sets no coordinator field: its NAD chains the coordinator, which
     * takes every setting from the cluster's SpiderCoordinator. Pods on both nodes talk over the
     * underlay, and the coordinator's paths work: the node reaches its own pod, the pod a ClusterIP.
     */
    @Test
    void aMacvlanMultusConfigGivesPodsTheUnderlayAndTheCoordinatorsPaths() throws Exception {
        createMultusConfig("underlay", """
                spec:
                  cniType: macvlan
                  macvlan:
                    master: [%s]
                    ippools: {ipv4: [sim-v4], ipv6: [sim-v6]}
                """.formatted(SimNode.UPLINK));
        GenericKubernetesResource nad = awaitNad("underlay", n -> true);
        assertThat(nad.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> assertThat(ref.getKind()).isEqualTo("SpiderMultusConfig"))
                .satisfies(ref -> assertThat(ref.getController()).isTrue());
        JsonNode config = JSON.readTree(config(nad));
        assertThat(config.path("plugins").valueStream().map(p -> p.path("type").asText())).containsExactly("macvlan", "coordinator");
        assertThat(config.path("plugins").get(0).path("ipam").path("type").asText()).isEqualTo("spiderpool");

        SimNode node1 = cluster.node(1);
        SimPod a = attachNew(node1, "m-a", "eth0", nad);
        SimPod b = attachNew(cluster.node(2), "m-b", "eth0", nad);
        SimPod local = attachNew(node1, "m-local", "eth0", nad);

        try (TcpEcho atB = TcpEcho.listen(b.netns()); TcpEcho atLocal = TcpEcho.listen(local.netns())) {
            TcpEcho.Exchange v4 = TcpEcho.exchange(a.netns(), new InetSocketAddress(b.ipv4("eth0"), atB.port()), TIMEOUT);
            TcpEcho.exchange(a.netns(), new InetSocketAddress(b.ipv6("eth0"), atB.port()), TIMEOUT);
            assertThat(v4.local().getAddress().getHostAddress()).isEqualTo(a.ipv4("eth0"));
            assertThat(atB.peers()).as("pod to pod across nodes over the underlay, no NAT")
                    .containsExactly(InetAddress.getByName(a.ipv4("eth0")), InetAddress.getByName(a.ipv6("eth0")));

            TcpEcho.exchange(node1.netns(), new InetSocketAddress(local.ipv4("eth0"), atLocal.port()), TIMEOUT);
            assertThat(local.ip("route", "get", node1.ipv4())).as("the node's own pod is reached over veth0").contains("dev veth0");

            cluster.addService("10.96.0.20", 8080, b.ipv4("eth0"), atB.port());
            assertThat(a.ip("route", "get", "10.96.0.20")).contains("dev veth0");
            TcpEcho.exchange(a.netns(), new InetSocketAddress("10.96.0.20", 8080), TIMEOUT);
        }
        for (SimPod pod : List.of(a, b, local)) {
            cluster.deletePod(pod);
        }
        assertThat(node1.allocated("sim-v4")).as("DEL through the NAD's chain freed the addresses").isEmpty();
        assertThat(cluster.node(2).allocated("sim-v6")).isEmpty();
    }

    /**
     * Two SpiderMultusConfigs, one per underlay subnet, give each pod two NICs (eth0 and net1, as Multus
     * attaches a pod's networks), each NIC addressed from its own config's pools: eth0 keeps the
     * default route, net1's routes go to a table chosen by its source address, so a connection to
     * net1's address is answered from net1.
     */
    @Test
    void twoMultusConfigsGiveAPodTwoNicsOnTwoSubnets() throws Exception {
        createMultusConfig("first", """
                spec:
                  cniType: macvlan
                  macvlan: {master: [%s], ippools: {ipv4: [sim-v4]}}
                """.formatted(SimNode.UPLINK));
        createMultusConfig("second", """
                spec:
                  cniType: macvlan
                  macvlan: {master: [%s], ippools: {ipv4: [sim2-v4]}}
                """.formatted(SimNode.UPLINK));
        GenericKubernetesResource first = awaitNad("first", n -> true);
        GenericKubernetesResource second = awaitNad("second", n -> true);

        SimPod a = attachNew(cluster.node(1), "m-two-a", "eth0", first);
        attach(a, "net1", second);
        SimPod b = attachNew(cluster.node(2), "m-two-b", "eth0", first);
        attach(b, "net1", second);

        assertThat(a.ipv4("eth0")).startsWith("192.0.2.");
        assertThat(a.ipv4("net1")).startsWith("198.51.100.");
        assertThat(a.ip("-4", "route", "show", "default")).isEqualTo("default via 192.0.2.1 dev eth0");
        assertThat(a.ip("-4", "rule", "show")).contains("from " + a.ipv4("net1") + " lookup");
        try (TcpEcho atA = TcpEcho.listen(a.netns())) {
            TcpEcho.Exchange overNet1 = TcpEcho.exchange(b.netns(), new InetSocketAddress(a.ipv4("net1"), atA.port()), TIMEOUT);
            assertThat(overNet1.local().getAddress().getHostAddress()).isEqualTo(b.ipv4("net1"));
        }
        cluster.deletePod(a);
        cluster.deletePod(b);
        assertThat(cluster.node(1).allocated("sim2-v4")).isEmpty();
    }

    /**
     * The NAD follows its SpiderMultusConfig: an MTU set on the config reaches the next pod's NIC, a
     * hand-edited NAD is put back, and a deleted one comes back.
     */
    @Test
    void theNetworkFollowsItsMultusConfig() throws Exception {
        createMultusConfig("follow", """
                spec:
                  cniType: macvlan
                  macvlan: {master: [%s], ippools: {ipv4: [sim-v4]}}
                """.formatted(SimNode.UPLINK));
        awaitNad("follow", n -> true);

        KubernetesClient client = api.client();
        SpiderMultusConfig smc = client.resources(SpiderMultusConfig.class).inNamespace(NAMESPACE).withName("follow").get();
        MasterLinkConfig was = smc.getSpec().getMacvlan();
        smc.getSpec().setMacvlan(new MasterLinkConfig(was.master(), 1400, was.vlanID(), was.bond(), was.rdmaResourceName(),
                was.ippools()));
        client.resource(smc).update();
        GenericKubernetesResource nad = awaitNad("follow", n -> config(n).contains("1400"));
        SimPod pod = attachNew(cluster.node(2), "m-mtu", "eth0", nad);
        assertThat(pod.ip("link", "show", "eth0")).contains("mtu 1400");
        cluster.deletePod(pod);

        String rendered = config(nad);
        GenericKubernetesResource edited = nads().withName("follow").get();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) edited.getAdditionalProperties().get("spec");
        spec.put("config", "{\"cniVersion\":\"0.3.1\",\"name\":\"follow\",\"plugins\":[{\"type\":\"bridge\"}]}");
        nads().resource(edited).update();
        awaitNad("follow", n -> config(n).equals(rendered));

        nads().withName("follow").delete();
        awaitNad("follow", n -> config(n).equals(rendered));
    }

    private static void createMultusConfig(String name, String specYaml) {
        SpiderMultusConfig smc = Serialization.unmarshal("""
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderMultusConfig
                metadata: {name: %s, namespace: %s}
                """.formatted(name, NAMESPACE) + specYaml, SpiderMultusConfig.class);
        api.client().resource(smc).create();
    }

    private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> nads() {
        return api.client().genericKubernetesResources(NAD).inNamespace(NAMESPACE);
    }

    /** The NAD named {@code name} once {@code ready} holds for it; fails with the controller's log after 60 s. */
    private static GenericKubernetesResource awaitNad(String name, Predicate<GenericKubernetesResource> ready)
            throws Exception {
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Optional<GenericKubernetesResource> nad = Optional.ofNullable(nads().withName(name).get());
            if (nad.isPresent() && nad.get().getAdditionalProperties().get("spec") != null && ready.test(nad.get())) {
                return nad.get();
            }
            if (!controller.isAlive() || Instant.now().isAfter(end)) {
                throw new AssertionError((controller.isAlive() ? "timed out" : "the controller exited") + " waiting for NAD "
                        + name + (nad.isPresent() ? " (now " + nad.get().getAdditionalProperties() + ")" : " (none)")
                        + "\n--- controller log ---\n" + controller.log());
            }
            Thread.sleep(100);
        }
    }

    private static String config(GenericKubernetesResource nad) {
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) nad.getAdditionalProperties().get("spec");
        return String.valueOf(spec.get("config"));
    }

    private static SimPod attachNew(SimNode node, String name, String ifName, GenericKubernetesResource nad) throws Exception {
        SimPod pod = cluster.addPod(node, name, List.of());
        attach(pod, ifName, nad);
        return pod;
    }

    private static void attach(SimPod pod, String ifName, GenericKubernetesResource nad) throws Exception {
        cluster.attach(pod, Nic.macvlan(ifName), onNode(config(nad), pod.node));
    }

    /** The NAD's configuration with the node's agent socket named in the IPAM and coordinator blocks (see the class comment). */
    private static String onNode(String config, SimNode node) throws IOException {
        ObjectNode conflist = (ObjectNode) JSON.readTree(config);
        for (JsonNode plugin : conflist.path("plugins")) {
            if (plugin.path("ipam") instanceof ObjectNode ipam && "spiderpool".equals(ipam.path("type").asText())) {
                ipam.put("ipam_unix_socket_path", node.socket.toString());
            }
            if ("coordinator".equals(plugin.path("type").asText())) {
                ((ObjectNode) plugin).put("ipam_unix_socket_path", node.socket.toString());
            }
        }
        return JSON.writeValueAsString(conflist);
    }
}
