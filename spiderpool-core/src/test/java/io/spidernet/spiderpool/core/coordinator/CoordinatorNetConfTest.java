package io.spidernet.spiderpool.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.coordinator.CoordinatorNetConf.LogOptions;
import io.spidernet.spiderpool.core.coordinator.CoordinatorNetConf.PolicyRoute;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CoordinatorNetConfTest {
    static final String PREV_RESULT = "{\"cniVersion\": \"1.0.0\",  \"interfaces\": [{\"name\": \"eth0\","
            + " \"sandbox\": \"/var/run/netns/p\"}],\n \"ips\": [{\"address\": \"192.0.2.10/24\", \"interface\": 0,"
            + " \"gateway\": \"192.0.2.1\"}], \"x\": 1.50e1}";

    /** A chained coordinator config with {@code fields} (a JSON fragment, may be empty) at the top level. */
    static byte[] config(String fields) {
        String sep = fields.isEmpty() ? "" : ", ";
        return ("{\"cniVersion\": \"1.0.0\", \"name\": \"macvlan-conf\", \"type\": \"coordinator\"" + sep + fields + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void leavesEverySettingUnsetInAMinimalConfig() {
        CoordinatorNetConf conf = CoordinatorNetConf.parse(config(""));

        assertThat(conf).isEqualTo(new CoordinatorNetConf(CniVersion.V1_0_0, "macvlan-conf", "coordinator", null, null,
                null, "eth0", null, null, null, null, null, null, null, null, null, null, LogOptions.defaults(),
                "/var/run/spidernet/spiderpool.sock", null, null));
    }

    @Test
    void readsEveryKey() {
        CoordinatorNetConf conf = CoordinatorNetConf.parse(config("""
                "mode": "underlay", "tunePodRoutes": false, "podDefaultRouteNic": "net1", "podDefaultCniNic": "ens1",
                "podMACPrefix": "0a:1b", "overlayPodCIDR": ["10.233.64.0/18"], "serviceCIDR": ["10.233.0.0/18"],
                "hijackCIDR": ["169.254.0.0/16"], "policyRoutes": [{"dst": " 10.20.0.0/16 ", "gw": "172.200.0.1"}],
                "hostRuleTable": 600, "podRPFilter": -1, "txQueueLen": 2000, "vethLinkAddress": "169.254.100.1",
                "vethMTU": 1400, "ipam_unix_socket_path": "/run/sp.sock",
                "logOptions": {"logLevel": "INFO", "logFile": "/tmp/c.log", "logMaxSize": 5, "logMaxAge": 6,
                "logMaxCount": 7},
                "detectGateway": true, "detectIPConflict": false, "detectOptions": {"retries": 3},
                "hostRPFilter": 0, "multusNicPrefix": "net\""""));

        assertThat(conf).isEqualTo(new CoordinatorNetConf(CniVersion.V1_0_0, "macvlan-conf", "coordinator", "underlay",
                false, "net1", "ens1", "0a:1b", List.of("10.233.64.0/18"), List.of("10.233.0.0/18"),
                List.of("169.254.0.0/16"), List.of(new PolicyRoute("10.20.0.0/16", "172.200.0.1")), 600L, -1L, 2000L,
                "169.254.100.1", 1400L, new LogOptions("info", "/tmp/c.log", 5, 6, 7), "/run/sp.sock", null, null));
    }

    @Test
    void keepsPrevResultTextExactlyAsReceived() {
        CoordinatorNetConf conf = CoordinatorNetConf.parse(config("\"prevResult\": " + PREV_RESULT + ",\"mode\":\"auto\""));

        assertThat(conf.prevResultJson()).isEqualTo(PREV_RESULT);
        assertThat(conf.prevResult()).containsKeys("cniVersion", "interfaces", "ips");
    }

    @Test
    void takesEmptyStringsListsAndNullsAsUnsetSoTheyInherit() {
        CoordinatorNetConf conf = CoordinatorNetConf.parse(config("""
                "mode": "", "podMACPrefix": "", "hijackCIDR": [], "serviceCIDR": null, "policyRoutes": [],
                "hostRuleTable": null, "tunePodRoutes": null, "podDefaultCniNic": "", "prevResult": null"""));

        assertThat(conf.mode()).isNull();
        assertThat(conf.podMacPrefix()).isNull();
        assertThat(conf.hijackCidr()).isNull();
        assertThat(conf.serviceCidr()).isNull();
        assertThat(conf.policyRoutes()).isNull();
        assertThat(conf.hostRuleTable()).isNull();
        assertThat(conf.tunePodRoutes()).isNull();
        assertThat(conf.podDefaultCniNic()).isEqualTo("eth0");
        assertThat(conf.prevResultJson()).isNull();
    }

    @Test
    void acceptsBothSpellingsOfDisabled() {
        assertThat(CoordinatorMode.find("disable")).isEqualTo(CoordinatorMode.DISABLED);
        assertThat(CoordinatorMode.find("disabled")).isEqualTo(CoordinatorMode.DISABLED);
        assertThat(CoordinatorMode.find("Underlay")).isEqualTo(CoordinatorMode.UNDERLAY);
        assertThat(CoordinatorMode.find("bridge")).isNull();
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("\"tunePodRoutes\": \"true\"", 7, "\"tunePodRoutes\" must be a boolean, but it is the string \"true\""),
                Arguments.of("\"hostRuleTable\": \"500\"", 7, "\"hostRuleTable\" must be a whole number"),
                Arguments.of("\"vethMTU\": 1500.5", 7, "\"vethMTU\" must be a whole number, but it is the number 1500.5"),
                Arguments.of("\"podRPFilter\": true", 7, "\"podRPFilter\" must be a whole number"),
                Arguments.of("\"txQueueLen\": [1]", 7, "\"txQueueLen\" must be a whole number, but it is a list"),
                Arguments.of("\"mode\": 1", 7, "\"mode\" must be a string, but it is the number 1"),
                Arguments.of("\"hijackCIDR\": \"169.254.0.0/16\"", 7, "\"hijackCIDR\" must be a list of strings"),
                Arguments.of("\"serviceCIDR\": [1]", 7, "\"serviceCIDR\" must be a list of strings, but item 1 is the number 1"),
                Arguments.of("\"policyRoutes\": {\"dst\": \"10.0.0.0/8\"}", 7, "\"policyRoutes\" must be a list of objects, but it is an object"),
                Arguments.of("\"policyRoutes\": [\"10.0.0.0/8\"]", 7, "\"policyRoutes\" must be a list of objects, but item 1 is the string"),
                Arguments.of("\"policyRoutes\": [{\"gw\": \"10.0.0.1\"}]", 7, "no \"policyRoutes[0].dst\""),
                Arguments.of("\"policyRoutes\": [{\"dst\": \"10.0.0.0/8\", \"gw\": \" \"}]", 7, "no \"policyRoutes[0].gw\""),
                Arguments.of("\"policyRoutes\": [{\"dst\": 10, \"gw\": \"10.0.0.1\"}]", 7, "\"policyRoutes[0].dst\" must be a string"),
                Arguments.of("\"logOptions\": {\"logLevel\": \"trace\"}", 7, "\"logOptions.logLevel\" is \"trace\" but must be one of"),
                Arguments.of("\"logOptions\": {\"logMaxSize\": -1}", 7, "\"logOptions.logMaxSize\" is -1"),
                Arguments.of("\"logOptions\": \"debug\"", 7, "\"logOptions\" must be an object"),
                Arguments.of("\"detectGateway\": \"yes\"", 7, "\"detectGateway\" must be a boolean"),
                Arguments.of("\"prevResult\": []", 7, "\"prevResult\" must be an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void refusesAMistypedKeyNamingKeyAndValue(String fields, int code, String message) {
        assertThatThrownBy(() -> CoordinatorNetConf.parse(config(fields)))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    @Test
    void refusesAMissingOrInvalidNetworkName() {
        assertThatThrownBy(() -> CoordinatorNetConf.parse(bytes("{\"cniVersion\": \"1.0.0\", \"type\": \"coordinator\"}")))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(7))
                .hasMessageContaining("has no \"name\"");
        assertThatThrownBy(() -> CoordinatorNetConf.parse(bytes("{\"cniVersion\": \"1.0.0\", \"name\": \"a b\"}")))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(7))
                .hasMessageContaining("network name \"a b\" has invalid characters");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void refusesInputThatIsNotJsonOrAnUnknownVersion() {
        assertThatThrownBy(() -> CoordinatorNetConf.parse("{\"name\": ".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(6))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> CoordinatorNetConf.parse(new byte[] {'{', (byte) 0xff, '}'}))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(6));
        assertThatThrownBy(() -> CoordinatorNetConf.parse(
                "{\"cniVersion\": \"9.9.9\", \"name\": \"n\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(1));
    }
}
