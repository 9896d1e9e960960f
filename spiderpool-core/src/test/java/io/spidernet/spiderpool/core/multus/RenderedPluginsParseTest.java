package io.spidernet.spiderpool.core.multus;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.cni.IpamNetConf;
import io.spidernet.spiderpool.core.cni.JsonReader;
import io.spidernet.spiderpool.core.cni.JsonWriter;
import io.spidernet.spiderpool.core.coordinator.CoordinatorMode;
import io.spidernet.spiderpool.core.coordinator.CoordinatorNetConf;
import io.spidernet.spiderpool.core.ifacer.IfacerNetConf;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keys the renderer writes are the keys our own plugins read: each rendered coordinator, ifacer
 * and IPAM entry of every golden case goes through that plugin's netconf parser (with the
 * {@code cniVersion} and {@code name} libcni adds to each plugin of a conflist) and the values come
 * out as the SpiderMultusConfig set them; a coordinator field the SMC leaves unset comes out unset,
 * so the plugin takes it from the SpiderCoordinator.
 */
class RenderedPluginsParseTest {

    static List<String> cases() throws IOException {
        return MultusGoldenTest.cases().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ourPluginsReadWhatTheRendererWrites(String name) throws IOException {
        SpiderMultusConfig smc = MultusGoldenTest.input(name);
        RenderedNad nad = MultusConfigRenderer.render(smc);
        if (nad.config().isEmpty() || smc.getSpec().getCniType().wire().equals("custom")) {
            return;
        }
        Map<String, Object> conflist = JsonReader.parseObject(nad.config().get());
        assertThat(CniVersion.find((String) conflist.get("cniVersion"))).isNotNull();
        for (Object p : (List<?>) conflist.get("plugins")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> plugin = new LinkedHashMap<>((Map<String, Object>) p);
            plugin.put("cniVersion", conflist.get("cniVersion"));
            plugin.put("name", conflist.get("name"));
            byte[] stdin = JsonWriter.write(plugin).getBytes(StandardCharsets.UTF_8);
            switch ((String) plugin.get("type")) {
                case "coordinator" -> checkCoordinator(CoordinatorNetConf.parse(stdin), smc.getSpec().getCoordinator());
                case "ifacer" -> checkIfacer(IfacerNetConf.parse(stdin), plugin);
                default -> {
                    if (plugin.containsKey("ipam")) {
                        checkIpam(IpamNetConf.parse(stdin).ipam(), plugin);
                    }
                }
            }
        }
    }

    private static void checkCoordinator(CoordinatorNetConf conf, CoordinatorSpec spec) {
        CoordinatorSpec s = spec == null ? new CoordinatorSpec() : spec;
        assertThat(conf.mode() == null ? null : CoordinatorMode.find(conf.mode()))
                .isEqualTo(s.getMode() == null ? null : CoordinatorMode.find(s.getMode().wire()));
        assertThat(conf.tunePodRoutes()).isEqualTo(s.getTunePodRoutes());
        assertThat(conf.podDefaultRouteNic()).isEqualTo(s.getPodDefaultRouteNIC());
        assertThat(conf.podMacPrefix()).isEqualTo(s.getPodMACPrefix());
        assertThat(conf.hijackCidr()).isEqualTo(emptyAsNull(s.getHijackCIDR()));
        assertThat(conf.policyRoutes()).isEqualTo(s.getPolicyRoutes() == null ? null : s.getPolicyRoutes().stream()
                .map(r -> new CoordinatorNetConf.PolicyRoute(r.dst(), r.gw())).toList());
        assertThat(conf.hostRuleTable()).isEqualTo(asLong(s.getHostRuleTable()));
        assertThat(conf.podRpFilter()).isEqualTo(asLong(s.getPodRPFilter()));
        assertThat(conf.txQueueLen()).isEqualTo(asLong(s.getTxQueueLen()));
        assertThat(conf.vethLinkAddress()).isEqualTo(s.getVethLinkAddress());
        assertThat(conf.vethMtu()).isEqualTo(asLong(s.getVethMTU()));
        assertThat(conf.overlayPodCidr()).isNull();
        assertThat(conf.serviceCidr()).isNull();
    }

    private static void checkIfacer(IfacerNetConf conf, Map<String, Object> plugin) {
        assertThat(conf.interfaces()).isEqualTo(plugin.get("interfaces"));
        assertThat(conf.vlanId()).isEqualTo(((Number) plugin.getOrDefault("vlanID", 0)).intValue());
        if (plugin.get("bond") instanceof Map<?, ?> bond) {
            assertThat(conf.bond().name()).isEqualTo(bond.get("name"));
            assertThat(conf.bond().mode()).isEqualTo(((Number) bond.get("mode")).intValue());
        }
    }

    private static void checkIpam(IpamNetConf.Ipam ipam, Map<String, Object> plugin) {
        Map<?, ?> block = (Map<?, ?>) plugin.get("ipam");
        assertThat(ipam.type()).isEqualTo("spiderpool");
        assertThat(ipam.defaultIpv4IpPools()).isEqualTo(block.containsKey("default_ipv4_ippool")
                ? block.get("default_ipv4_ippool") : List.of());
        assertThat(ipam.defaultIpv6IpPools()).isEqualTo(block.containsKey("default_ipv6_ippool")
                ? block.get("default_ipv6_ippool") : List.of());
        assertThat(ipam.matchMasterSubnet()).isEqualTo(Boolean.TRUE.equals(block.get("match_master_subnet")));
    }

    private static List<String> emptyAsNull(List<String> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    private static Long asLong(Integer value) {
        return value == null ? null : value.longValue();
    }
}
