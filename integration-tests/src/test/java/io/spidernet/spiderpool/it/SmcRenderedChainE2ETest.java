package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.model.Route;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorMode;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.multus.CniType;
import io.spidernet.spiderpool.core.model.multus.MasterLinkConfig;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import io.spidernet.spiderpool.core.model.multus.SpiderpoolPools;
import io.spidernet.spiderpool.core.multus.MultusConfigRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every macvlan configuration the SpiderMultusConfig renderer produces from our golden files and
 * from upstream's docs examples, run through the real chain on the simulated cluster: Debian's
 * {@code macvlan} from /usr/lib/cni, our {@code spiderpool} IPAM and our {@code coordinator}, in a
 * pod namespace, ADD, CHECK, DEL, as a runtime would with the NAD's {@code spec.config}.
 *
 * <p>What a real cluster would differ in is replaced in the SpiderMultusConfig before rendering:
 * the master becomes the node's uplink (a veth end: the kernel here has no dummy, vlan or bond) and
 * the pools the node's own ({@code sim-v4}, {@code sim-v6}; both when the example names none, as a
 * cluster's default pools would), a policy route's gateway the underlay's. The node-local socket and log paths (defaults on a real node) are
 * added to the rendered JSON. Configs that need ifacer (a VLAN ID or a bond) cannot run here; their
 * rendering is checked by core's golden tests, and they are skipped with the reason printed.
 * A config whose cniVersion predates CHECK (0.3.1, upstream's default) runs ADD and DEL as rendered
 * and again with {@code multus.spidernet.io/cni-version: 1.0.0} for ADD, CHECK, DEL.
 */
class SmcRenderedChainE2ETest {
    private static final Path GOLDEN = Path.of("../spiderpool-core/src/test/resources/multus/golden");
    private static final Path DOCS = Path.of("../spiderpool-core/src/test/resources/multus/upstream-docs");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger PODS = new AtomicInteger();
    private static SimCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SimCluster.start(SmcRenderedChainE2ETest.class, 1);
        // jumbo frames on the node's uplink, for the examples that ask for an MTU of 9000
        cluster.node(1).ns.ip("link", "set", SimNode.UPLINK, "mtu", "9000");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> renderedMacvlanConfigsRunThroughTheChain() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : macvlanSources()) {
            SpiderMultusConfig smc;
            try {
                smc = YAML.readValue(file.toFile(), SpiderMultusConfig.class);
            } catch (IOException e) {
                continue; // not valid against the CRD; UpstreamDocsExamplesTest lists why
            }
            if (smc.getSpec() == null || smc.getSpec().getCniType() != CniType.MACVLAN) {
                continue;
            }
            String name = file.getParent().getFileName() + "/" + file.getFileName();
            tests.add(DynamicTest.dynamicTest(name, () -> run(name, smc, false)));
            if (!checkDefined(smc)) {
                tests.add(DynamicTest.dynamicTest(name + " @1.0.0", () -> run(name, smc, true)));
            }
        }
        System.out.println("SmcRenderedChainE2ETest: " + tests.size() + " chain runs of rendered macvlan configs");
        return tests.stream();
    }

    private static List<Path> macvlanSources() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(GOLDEN, DOCS)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static void run(String name, SpiderMultusConfig original, boolean asV1) throws Exception {
        SpiderMultusConfig smc = YAML.readValue(YAML.writeValueAsString(original), SpiderMultusConfig.class);
        MasterLinkConfig macvlan = smc.getSpec().getMacvlan();
        if (macvlan.master().size() >= 2 || macvlan.vlanID() != null && macvlan.vlanID() != 0) {
            String reason = name + " needs ifacer to build a " + (macvlan.master().size() >= 2 ? "bond" : "VLAN interface")
                    + ", and this kernel has no bond or vlan module; its rendering is checked by MultusGoldenTest";
            System.out.println("SKIP live " + reason);
            Assumptions.abort(reason);
        }
        if (asV1) {
            annotate(smc, SpiderpoolAnnotations.MULTUS_CNI_VERSION, CniVersion.V1_0_0.text());
        }
        SimNode node = cluster.node(1);
        smc.getSpec().setMacvlan(onNode(macvlan));
        if (smc.getSpec().getCoordinator() != null && smc.getSpec().getCoordinator().getPolicyRoutes() != null) {
            smc.getSpec().getCoordinator().setPolicyRoutes(smc.getSpec().getCoordinator().getPolicyRoutes().stream()
                    .map(r -> new Route(r.dst(), r.dst().contains(":") ? SimCluster.GATEWAY_V6 : SimCluster.GATEWAY_V4))
                    .toList());
        }
        if (smc.getMetadata().getNamespace() == null) {
            smc.getMetadata().setNamespace("default");
        }
        String conflist = nodeLocal(MultusConfigRenderer.render(smc).config().orElseThrow(), node);

        CoordinatorSpec coordinator = Boolean.FALSE.equals(smc.getSpec().getEnableCoordinator()) ? null
                : smc.getSpec().getCoordinator() == null ? new CoordinatorSpec() : smc.getSpec().getCoordinator();
        boolean coordinating = coordinator != null && coordinator.getMode() != CoordinatorMode.DISABLED;
        boolean overlay = coordinating && coordinator.getMode() == CoordinatorMode.OVERLAY;
        String ifName = overlay ? "net1" : "eth0";
        String podName = "r" + PODS.incrementAndGet();
        SimPod pod = overlay ? cluster.addOverlayPod(node, podName, List.of()) : cluster.addPod(node, podName, List.of());
        List<String> ips = new ArrayList<>();
        try {
            if (coordinating && Boolean.TRUE.equals(smc.getSpec().getDisableIPAM())) {
                // nothing gives the NIC an address, and the coordinator routes by address
                assertThatThrownBy(() -> cluster.attach(pod, Nic.macvlan(ifName), conflist)).as(name)
                        .isInstanceOfSatisfying(ChainRunner.ChainException.class, e -> assertThat(e.plugin).isEqualTo("coordinator"))
                        .hasMessageContaining("has no IP address the coordinator can route");
                System.out.println("EXPECTED " + name + ": ADD refused by the coordinator, the config has no IPAM");
                return;
            }
            JsonNode result = cluster.attach(pod, Nic.macvlan(ifName), conflist);
            result.path("ips").forEach(ip -> ips.add(ip.path("address").asText()));
            assertThat(pod.links()).as(name).contains(ifName);
            if (Boolean.TRUE.equals(smc.getSpec().getDisableIPAM())) {
                assertThat(ips).as(name + ": no IPAM, no addresses").isEmpty();
            } else {
                assertThat(ips).as(name + ": addresses from the node's pools").isNotEmpty();
                assertThat(pod.ip("-br", "address", "show", "dev", ifName)).as(name + ": the result's addresses are on "
                        + ifName).contains(ips);
            }
            if (macvlan.mtu() != null && macvlan.mtu() > 0) {
                assertThat(pod.ip("link", "show", "dev", ifName)).as(name).contains("mtu " + macvlan.mtu() + " ");
            }
            if (checkDefined(smc)) {
                check(pod, ifName);
            }
        } finally {
            cluster.deletePod(pod);
        }
        assertThat(pod.links()).as(name + ": after DEL").doesNotContain(ifName, "veth0");
        List<String> held = new ArrayList<>(node.allocated("sim-v4"));
        held.addAll(node.allocated("sim-v6"));
        for (String ip : ips) {
            assertThat(held).as(name + ": released by DEL").doesNotContain(ip.substring(0, ip.indexOf('/')));
        }
    }

    /**
     * CHECK through the chain. With podMACPrefix the coordinator gives the NIC a new MAC after macvlan
     * reported the old one; it writes the new one into the result (upstream's does not, and Debian's
     * macvlan CHECK, comparing the two, then fails), so CHECK passes here too.
     */
    private static void check(SimPod pod, String ifName) throws Exception {
        cluster.check(pod, ifName);
    }

    /** libcni runs CHECK only for a list whose cniVersion is 0.4.0 or later. */
    private static boolean checkDefined(SpiderMultusConfig smc) {
        Map<String, String> a = smc.getMetadata().getAnnotations();
        String version = a == null ? null : a.get(SpiderpoolAnnotations.MULTUS_CNI_VERSION);
        CniVersion v = CniVersion.find(version == null ? MultusConfigRenderer.DEFAULT_CNI_VERSION : version);
        return v != null && v.compareTo(CniVersion.V0_4_0) >= 0;
    }

    /** The node's uplink as master and its pools; an example without pools gets both, as default pools would give. */
    private static MasterLinkConfig onNode(MasterLinkConfig c) {
        SpiderpoolPools p = c.ippools();
        boolean v4 = p == null || p.ipv4() != null && !p.ipv4().isEmpty() || p.ipv6() == null || p.ipv6().isEmpty();
        boolean v6 = p == null || p.ipv6() != null && !p.ipv6().isEmpty() || p.ipv4() == null || p.ipv4().isEmpty();
        SpiderpoolPools pools = new SpiderpoolPools(p == null ? null : p.matchMasterSubnet(),
                v4 ? List.of("sim-v4") : null, v6 ? List.of("sim-v6") : null);
        return new MasterLinkConfig(List.of(SimNode.UPLINK), c.mtu(), c.vlanID(), c.bond(), c.rdmaResourceName(), pools);
    }

    /** The agent socket and coordinator log of this node, which on a real node are the defaults. */
    private static String nodeLocal(String config, SimNode node) throws IOException {
        ObjectNode list = (ObjectNode) JSON.readTree(config);
        for (JsonNode plugin : list.get("plugins")) {
            if (plugin.get("ipam") instanceof ObjectNode ipam) {
                ipam.put("ipam_unix_socket_path", node.socket.toString());
            }
            if ("coordinator".equals(plugin.path("type").asText())) {
                ((ObjectNode) plugin).put("ipam_unix_socket_path", node.socket.toString());
                ((ObjectNode) plugin).putObject("logOptions").put("logFile", node.dir.resolve("coordinator.log").toString());
            }
        }
        return JSON.writeValueAsString(list);
    }

    private static void annotate(SpiderMultusConfig smc, String key, String value) {
        Map<String, String> a = smc.getMetadata().getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(smc.getMetadata().getAnnotations());
        a.put(key, value);
        smc.getMetadata().setAnnotations(a);
    }
}
