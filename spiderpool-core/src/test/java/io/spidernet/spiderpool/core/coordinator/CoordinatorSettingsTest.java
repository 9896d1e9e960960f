package io.spidernet.spiderpool.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.coordinator.CoordinatorNetConf.PolicyRoute;
import io.spidernet.spiderpool.core.coordinator.CoordinatorSettings.PolicyRouteSpec;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CoordinatorSettingsTest {

    /** What a SpiderCoordinator with every field set (and none at its default) serves. */
    static final CoordinatorDefaults AGENT = new CoordinatorDefaults("overlay", List.of("10.233.64.0/18"),
            List.of("10.233.0.0/18"), false, List.of("169.254.0.0/16"),
            List.of(new PolicyRoute("10.30.0.0/16", "172.200.0.1")), "0e:00", "net2", 700, 2, 3000, "169.254.200.1",
            9000);

    static CoordinatorNetConf nad(String fields) {
        return CoordinatorNetConf.parse(CoordinatorNetConfTest.config(fields));
    }

    static CoordinatorSettings merge(String nadFields, CoordinatorDefaults agent) {
        return CoordinatorSettings.merge(nad(nadFields), agent);
    }

    private static Cidr cidr(String s) {
        return Cidr.parse(s);
    }

    /** Field, a NAD fragment setting it, its value from that NAD, from AGENT, from built-in. */
    static Stream<Arguments> precedence() {
        return Stream.of(
                row("mode", "\"mode\": \"underlay\"", CoordinatorSettings::mode, CoordinatorMode.UNDERLAY,
                        CoordinatorMode.OVERLAY, CoordinatorMode.AUTO),
                row("tunePodRoutes", "\"tunePodRoutes\": true", CoordinatorSettings::tunePodRoutes, true, false, true),
                row("podDefaultRouteNic", "\"podDefaultRouteNic\": \"net1\"", CoordinatorSettings::podDefaultRouteNic,
                        "net1", "net2", ""),
                row("podMACPrefix", "\"podMACPrefix\": \"0A:1B\"", CoordinatorSettings::podMacPrefix, "0a:1b", "0e:00", ""),
                row("overlayPodCIDR", "\"overlayPodCIDR\": [\"10.244.0.0/16\"]", CoordinatorSettings::overlayPodCidr,
                        List.of(cidr("10.244.0.0/16")), List.of(cidr("10.233.64.0/18")), List.of()),
                row("serviceCIDR", "\"serviceCIDR\": [\"10.96.0.0/12\"]", CoordinatorSettings::serviceCidr,
                        List.of(cidr("10.96.0.0/12")), List.of(cidr("10.233.0.0/18")), List.of()),
                row("hijackCIDR", "\"hijackCIDR\": [\"10.9.0.5/16\"]", CoordinatorSettings::hijackCidr,
                        List.of(cidr("10.9.0.0/16")), List.of(cidr("169.254.0.0/16")), List.of()),
                row("policyRoutes", "\"policyRoutes\": [{\"dst\": \"10.20.0.9\", \"gw\": \"172.200.0.1\"}]",
                        CoordinatorSettings::policyRoutes,
                        List.of(new PolicyRouteSpec(cidr("10.20.0.9/32"), IpAddress.parse("172.200.0.1"))),
                        List.of(new PolicyRouteSpec(cidr("10.30.0.0/16"), IpAddress.parse("172.200.0.1"))), List.of()),
                row("hostRuleTable", "\"hostRuleTable\": 600", CoordinatorSettings::hostRuleTable, 600, 700, 500),
                row("podRPFilter", "\"podRPFilter\": 1", CoordinatorSettings::podRpFilter, 1, 2, 0),
                row("txQueueLen", "\"txQueueLen\": 2000", CoordinatorSettings::txQueueLen, 2000, 3000, 0),
                row("vethLinkAddress", "\"vethLinkAddress\": \"169.254.100.1\"", CoordinatorSettings::vethLinkAddress,
                        IpAddress.parse("169.254.100.1"), IpAddress.parse("169.254.200.1"), null),
                row("vethMTU", "\"vethMTU\": 1400", CoordinatorSettings::vethMtu, 1400, 9000, 1500),
                row("podDefaultCniNic", "\"podDefaultCniNic\": \"ens1\"", CoordinatorSettings::podDefaultCniNic,
                        "ens1", "eth0", "eth0"));
    }

    private static Arguments row(String field, String nadFragment, Function<CoordinatorSettings, Object> get,
            Object fromNad, Object fromAgent, Object builtIn) {
        return Arguments.of(field, nadFragment, get, fromNad, fromAgent, builtIn);
    }

    // upstream's V00007: the SpiderCoordinator (served by the agent) has the lowest priority but the built-in one
    @ParameterizedTest(name = "{0}")
    @MethodSource("precedence")
    void V00007_takesTheNetworkConfigurationOverTheAgentOverTheBuiltInDefault(String field, String nadFragment,
            Function<CoordinatorSettings, Object> get, Object fromNad, Object fromAgent, Object builtIn) {
        assertThat(get.apply(merge(nadFragment, AGENT))).as("from the network configuration").isEqualTo(fromNad);
        assertThat(get.apply(merge("", AGENT))).as("from the agent").isEqualTo(fromAgent);
        assertThat(get.apply(merge("", CoordinatorDefaults.builtIn()))).as("built in").isEqualTo(builtIn);
    }

    @Test
    void takesTheAgentsZeroTableAndMtuAndEmptyModeAsUnset() {
        CoordinatorDefaults zeros = new CoordinatorDefaults("", List.of(), List.of(), true, List.of(), List.of(), "", "",
                0, 0, 0, "", 0);

        CoordinatorSettings s = merge("\"hostRuleTable\": 0, \"vethMTU\": 0", zeros);

        assertThat(s.mode()).isEqualTo(CoordinatorMode.AUTO);
        assertThat(s.hostRuleTable()).isEqualTo(500);
        assertThat(s.vethMtu()).isEqualTo(1500);
    }

    @Test
    void leavesRpFilterAloneForAnyNegativeValue() {
        assertThat(merge("\"podRPFilter\": -5", AGENT).podRpFilter()).isEqualTo(-1);
    }

    @Test
    void listsHijackRoutesPodThenServiceThenHijackCidrs() {
        assertThat(merge("", AGENT).hijackRoutes())
                .containsExactly(cidr("10.233.64.0/18"), cidr("10.233.0.0/18"), cidr("169.254.0.0/16"));
    }

    static Stream<Arguments> badNetconfValues() {
        return Stream.of(
                Arguments.of("\"mode\": \"bridge\"", "\"mode\" in the network configuration is \"bridge\", which is not a coordinator mode", "auto, underlay, overlay or disabled"),
                Arguments.of("\"podMACPrefix\": \"0a1b\"", "\"podMACPrefix\" in the network configuration is \"0a1b\", which is not a two-byte MAC prefix", "\"0a:1b\""),
                Arguments.of("\"podMACPrefix\": \"0a:1b:2c\"", "is not a two-byte MAC prefix", "\"0a:1b\""),
                Arguments.of("\"podMACPrefix\": \"0g:1b\"", "is not a two-byte MAC prefix", "\"0a:1b\""),
                Arguments.of("\"podMACPrefix\": \"0b:00\"", "\"0b:00\", which makes multicast MACs", "first byte is even"),
                Arguments.of("\"podMACPrefix\": \"ff:00\"", "makes multicast MACs", "first byte is even"),
                Arguments.of("\"overlayPodCIDR\": [\"10.244.0.0\"]", "\"overlayPodCIDR\" in the network configuration is \"10.244.0.0\", which is not a CIDR", "\"10.233.64.0/18\""),
                Arguments.of("\"serviceCIDR\": [\"10.96.0.0/33\"]", "\"serviceCIDR\" in the network configuration is \"10.96.0.0/33\"", "write a CIDR"),
                Arguments.of("\"hijackCIDR\": [\"x\"]", "\"hijackCIDR\" in the network configuration is \"x\"", "write a CIDR"),
                Arguments.of("\"policyRoutes\": [{\"dst\": \"10.20.0.0/16\", \"gw\": \"fd00::1\"}]", "mixes IPv4 and IPv6", "same family"),
                Arguments.of("\"policyRoutes\": [{\"dst\": \"fd00::/64\", \"gw\": \"10.0.0.1\"}]", "mixes IPv6 and IPv4", "same family"),
                Arguments.of("\"policyRoutes\": [{\"dst\": \"10.20.0.0/40\", \"gw\": \"10.0.0.1\"}]", "has a dst that is neither an IP nor a CIDR", "\"10.20.0.0/16\""),
                Arguments.of("\"policyRoutes\": [{\"dst\": \"10.20.0.0/16\", \"gw\": \"10.0.0.300\"}]", "has a gw that is not an IP", "gw an IP"),
                Arguments.of("\"hostRuleTable\": -1", "\"hostRuleTable\" in the network configuration is -1, which is outside 1..2147483647", "such as 500"),
                Arguments.of("\"hostRuleTable\": 4294967296", "is 4294967296, which is outside 1..2147483647", "such as 500"),
                Arguments.of("\"podRPFilter\": 3", "\"podRPFilter\" in the network configuration is 3, which is outside 0..2", "-1 to leave"),
                Arguments.of("\"txQueueLen\": -1", "\"txQueueLen\" in the network configuration is -1, which is outside 0..2147483647", "0 to leave it alone"),
                Arguments.of("\"vethLinkAddress\": \"169.254.100\"", "\"vethLinkAddress\" in the network configuration is \"169.254.100\", which is not an IP address", "\"169.254.100.1\""),
                Arguments.of("\"vethLinkAddress\": \"fe80::1\"", "is an IPv6 address", "an IPv4 address"),
                Arguments.of("\"vethMTU\": -1", "\"vethMTU\" in the network configuration is -1, which is outside 68..65535", "e.g. 1500"),
                Arguments.of("\"vethMTU\": 67", "is 67, which is outside 68..65535", "e.g. 1500"),
                Arguments.of("\"vethMTU\": 65536", "is 65536, which is outside 68..65535", "e.g. 1500"),
                Arguments.of("\"podDefaultRouteNic\": \"a-very-long-nic-name\"", "\"podDefaultRouteNic\" in the network configuration is \"a-very-long-nic-name\", which is not an interface name", "\"net1\""),
                Arguments.of("\"podDefaultCniNic\": \"eth/0\"", "\"podDefaultCniNic\" in the network configuration is \"eth/0\"", "\"eth0\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNetconfValues")
    void refusesABadValueFromTheNetworkConfigurationSayingWhereAndHow(String fields, String message, String howTo) {
        assertThatThrownBy(() -> merge(fields, CoordinatorDefaults.builtIn()))
                .isInstanceOfSatisfying(CniError.class, e -> {
                    assertThat(e.code()).isEqualTo(7);
                    assertThat(e.msg()).contains(message);
                    assertThat(e.details()).contains(howTo).contains("fix the network configuration");
                });
    }

    static Stream<Arguments> badAgentValues() {
        CoordinatorDefaults d = AGENT;
        return Stream.of(
                Arguments.of(new CoordinatorDefaults("disabledx", d.overlayPodCidr(), d.serviceCidr(), true, d.hijackCidr(),
                        d.policyRoutes(), "", "", 500, 0, 0, "", 1500), "spec.mode of the SpiderCoordinator"),
                Arguments.of(new CoordinatorDefaults("auto", List.of("10.233.64.0"), d.serviceCidr(), true, d.hijackCidr(),
                        d.policyRoutes(), "", "", 500, 0, 0, "", 1500), "status.overlayPodCIDR (discovered from the cluster) of the SpiderCoordinator"),
                Arguments.of(new CoordinatorDefaults("auto", List.of(), List.of(), true, List.of(),
                        List.of(new PolicyRoute("10.0.0.0/8", "fd00::1")), "", "", 500, 0, 0, "", 1500), "spec.policyRoutes of the SpiderCoordinator"),
                Arguments.of(new CoordinatorDefaults("auto", List.of(), List.of(), true, List.of(), List.of(), "01:00", "",
                        500, 0, 0, "", 1500), "spec.podMACPrefix of the SpiderCoordinator"),
                Arguments.of(new CoordinatorDefaults("auto", List.of(), List.of(), true, List.of(), List.of(), "", "",
                        500, 7, 0, "", 1500), "spec.podRPFilter of the SpiderCoordinator"),
                Arguments.of(new CoordinatorDefaults("auto", List.of(), List.of(), true, List.of(), List.of(), "", "",
                        500, 0, -4, "", 1500), "spec.txQueueLen of the SpiderCoordinator"),
                Arguments.of(new CoordinatorDefaults("auto", List.of(), List.of(), true, List.of(), List.of(), "", "",
                        500, 0, 0, "::1", 1500), "spec.vethLinkAddress of the SpiderCoordinator"),
                Arguments.of(new CoordinatorDefaults("auto", List.of(), List.of(), true, List.of(), List.of(), "", "",
                        500, 0, 0, "", 70000), "spec.vethMTU of the SpiderCoordinator"),
                Arguments.of(new CoordinatorDefaults("auto", List.of(), List.of(), true, List.of(), List.of(), "", "",
                        1L << 33, 0, 0, "", 1500), "spec.hostRuleTable of the SpiderCoordinator"),
                Arguments.of(new CoordinatorDefaults("auto", List.of(), List.of(), true, List.of(), List.of(), "",
                        "net 1", 500, 0, 0, "", 1500), "spec.podDefaultRouteNIC (or the pod annotation"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badAgentValues")
    void refusesABadValueFromTheAgentNamingTheSpiderCoordinatorField(CoordinatorDefaults agent, String where) {
        assertThatThrownBy(() -> merge("", agent))
                .isInstanceOfSatisfying(CniError.class, e -> {
                    assertThat(e.code()).isEqualTo(7);
                    assertThat(e.msg()).contains(where);
                    assertThat(e.details()).contains("fix it in the SpiderCoordinator, or set \"");
                });
    }

    @Test
    void boundsEachCidrListAt256() {
        String atLimit = cidrList(256);
        assertThat(merge("\"hijackCIDR\": " + atLimit, AGENT).hijackCidr()).hasSize(256);
        assertThatThrownBy(() -> merge("\"hijackCIDR\": " + cidrList(257), AGENT))
                .hasMessageContaining("\"hijackCIDR\" in the network configuration is 257 entries, which is more than 256");
        CoordinatorDefaults many = new CoordinatorDefaults("auto", List.of(), Collections.nCopies(257, "10.0.0.0/8"),
                true, List.of(), List.of(), "", "", 500, 0, 0, "", 1500);
        assertThatThrownBy(() -> merge("", many)).hasMessageContaining("status.serviceCIDR")
                .hasMessageContaining("257 entries, which is more than 256");
    }

    @Test
    void boundsPolicyRoutesAt64() {
        assertThat(merge("\"policyRoutes\": " + routeList(64), AGENT).policyRoutes()).hasSize(64);
        assertThatThrownBy(() -> merge("\"policyRoutes\": " + routeList(65), AGENT))
                .hasMessageContaining("\"policyRoutes\" in the network configuration is 65 entries, which is more than 64");
    }

    private static String cidrList(int n) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add("\"10." + (i / 256) + "." + (i % 256) + ".0/24\"");
        }
        return "[" + String.join(",", items) + "]";
    }

    private static String routeList(int n) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add("{\"dst\": \"10.20." + i + ".0/24\", \"gw\": \"172.200.0.1\"}");
        }
        return "[" + String.join(",", items) + "]";
    }
}
