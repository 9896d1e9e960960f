package io.spidernet.spiderpool.core.ifacer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.CniVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IfacerNetConfTest {

    /** An ifacer config with {@code fields} (a JSON fragment) after cniVersion, name and type. */
    static IfacerNetConf parse(String fields) {
        return IfacerNetConf.parse(json(fields).getBytes(StandardCharsets.UTF_8));
    }

    static String json(String fields) {
        return "{\"cniVersion\": \"0.3.1\", \"name\": \"macvlan-vlan100\", \"type\": \"ifacer\", " + fields + "}";
    }

    @Test
    void readsAVlanConfig() {
        IfacerNetConf conf = parse("\"interfaces\": [\"eth0\"], \"vlanID\": 100");

        assertThat(conf).isEqualTo(new IfacerNetConf(CniVersion.V0_3_1, "macvlan-vlan100", "ifacer", List.of("eth0"), 100,
                null, null, List.of()));
        assertThat(conf.vlanParent()).isEqualTo("eth0");
    }

    @Test
    void readsABondConfigWithDefaults() {
        IfacerNetConf conf = parse("\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {}");

        assertThat(conf.bond()).isEqualTo(new IfacerNetConf.Bond("sp_bond0", 0, BondOptions.NONE));
        assertThat(conf.vlanId()).isZero();
        assertThat(conf.vlanParent()).isNull();
    }

    @Test
    void readsABondWithModeOptionsAndVlan() {
        IfacerNetConf conf = parse("\"interfaces\": [\"eth1\", \"eth2\"], \"vlanID\": 4094,"
                + " \"bond\": {\"name\": \"bond0\", \"mode\": 1, \"options\": \"primary=eth2;miimon=100\"},"
                + " \"prevResult\": {\"cniVersion\": \"0.3.1\", \"ips\": []}");

        assertThat(conf.bond().name()).isEqualTo("bond0");
        assertThat(conf.bond().mode()).isEqualTo(1);
        assertThat(conf.bond().options().values()).containsExactly(Map.entry("primary", "eth2"), Map.entry("miimon", "100"));
        assertThat(conf.vlanParent()).isEqualTo("bond0");
        assertThat(conf.prevResult()).containsEntry("cniVersion", "0.3.1");
        assertThat(conf.warnings()).isEmpty();
    }

    @Test
    void anEmptyBondNameMeansTheDefault() {
        assertThat(parse("\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {\"name\": \"\", \"mode\": 4}").bond().name())
                .isEqualTo("sp_bond0");
    }

    @Test
    void warnsAboutIgnoredBondOptionsAndSettingsUpstreamLeavesUnused() {
        assertThat(parse("\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {\"options\": \"mimon=100;miimon=50\"}").warnings())
                .singleElement().asString()
                .startsWith("ignored bond options 'mimon=100' (not a bond option ifacer knows); the known options are active_slave,");
        assertThat(parse("\"interfaces\": [\"eth1\"], \"bond\": {}").warnings())
                .containsExactly("\"bond\" is ignored with a single interface: a bond needs two or more \"interfaces\"");
        assertThat(parse("\"interfaces\": [\"eth1\", \"eth2\"], \"vlanID\": 5").warnings())
                .containsExactly("several \"interfaces\" without \"bond\": ifacer creates nothing, not even the VLAN; add"
                        + " \"bond\" to bond them");
    }

    static Stream<Arguments> refusedConfigs() {
        return Stream.of(
                Arguments.of("no interfaces", "\"vlanID\": 5", CniError.InvalidNetworkConfig.class,
                        "the network configuration has no \"interfaces\""),
                Arguments.of("empty interfaces", "\"interfaces\": []", CniError.InvalidNetworkConfig.class,
                        "the network configuration has no \"interfaces\""),
                Arguments.of("interfaces not a list", "\"interfaces\": \"eth0\"", CniError.InvalidNetworkConfig.class,
                        "\"interfaces\" must be a list of strings"),
                Arguments.of("bad interface name", "\"interfaces\": [\"eth0\", \"eth/1\"]", CniError.InvalidNetworkConfig.class,
                        "\"interfaces[1]\" \"eth/1\" is not a valid interface name (at most 15 bytes"),
                Arguments.of("interface too long", "\"interfaces\": [\"abcdefghijklmnop\"]", CniError.InvalidNetworkConfig.class,
                        "\"interfaces[0]\" \"abcdefghijklmnop\" is not a valid interface name"),
                Arguments.of("duplicate interface", "\"interfaces\": [\"eth1\", \"eth1\"]", CniError.InvalidNetworkConfig.class,
                        "\"interfaces\" lists eth1 twice"),
                Arguments.of("vlanID negative", "\"interfaces\": [\"eth0\"], \"vlanID\": -1", CniError.InvalidNetworkConfig.class,
                        "\"vlanID\" is -1 but must be from 0 to 4094"),
                Arguments.of("vlanID 4095", "\"interfaces\": [\"eth0\"], \"vlanID\": 4095", CniError.InvalidNetworkConfig.class,
                        "\"vlanID\" is 4095 but must be from 0 to 4094"),
                Arguments.of("vlanID a string", "\"interfaces\": [\"eth0\"], \"vlanID\": \"100\"", CniError.InvalidNetworkConfig.class,
                        "\"vlanID\" must be a whole number, but it is the string \"100\""),
                Arguments.of("bond mode 7", "\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {\"mode\": 7}",
                        CniError.InvalidNetworkConfig.class, "\"bond.mode\" is 7 but must be from 0 to 6"),
                Arguments.of("bond mode -1", "\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {\"mode\": -1}",
                        CniError.InvalidNetworkConfig.class, "\"bond.mode\" is -1 but must be from 0 to 6"),
                Arguments.of("bond not an object", "\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": \"bond0\"",
                        CniError.InvalidNetworkConfig.class, "\"bond\" must be an object"),
                Arguments.of("bad bond name", "\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {\"name\": \"bond:0\"}",
                        CniError.InvalidNetworkConfig.class, "\"bond.name\" \"bond:0\" is not a valid interface name"),
                Arguments.of("bond named like a slave", "\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {\"name\": \"eth2\"}",
                        CniError.InvalidNetworkConfig.class, "\"bond.name\" eth2 is also listed in \"interfaces\""),
                Arguments.of("bad bond option value", "\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {\"options\": \"miimon=x\"}",
                        CniError.InvalidNetworkConfig.class, "bond option miimon=x in \"bond.options\" is not valid"),
                Arguments.of("primary in mode 0", "\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {\"options\": \"primary=eth1\"}",
                        CniError.InvalidNetworkConfig.class, "bond option primary=eth1 in \"bond.options\" is not valid: it"
                                + " applies only to bond modes 1 (active-backup), 5 (balance-tlb) and 6 (balance-alb), and"
                                + " \"bond.mode\" is 0"),
                Arguments.of("active_slave not a slave",
                        "\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {\"mode\": 1, \"options\": \"active_slave=eth3\"}",
                        CniError.InvalidNetworkConfig.class, "bond option active_slave=eth3 in \"bond.options\" is not valid:"
                                + " it must be one of \"interfaces\" [eth1, eth2]"),
                Arguments.of("vlan name too long", "\"interfaces\": [\"enp0s31f6abcde\"], \"vlanID\": 100",
                        CniError.InvalidNetworkConfig.class, "the VLAN interface ifacer would create, enp0s31f6abcde.100, is"
                                + " not a valid interface name"),
                Arguments.of("bond vlan name too long",
                        "\"interfaces\": [\"eth1\", \"eth2\"], \"vlanID\": 4000, \"bond\": {\"name\": \"bond-uplinks\"}",
                        CniError.InvalidNetworkConfig.class, "bond-uplinks.4000, is not a valid interface name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedConfigs")
    void refusesWithAMessageNamingTheKey(String what, String fields, Class<? extends CniError> type, String message) {
        assertThatThrownBy(() -> parse(fields)).isInstanceOf(type).hasMessageContaining(message);
    }

    @Test
    void refusesWhatIsNotJsonOrNotASupportedVersion() {
        assertThatThrownBy(() -> IfacerNetConf.parse("{\"interfaces\": [".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CniError.DecodingFailure.class);
        assertThatThrownBy(() -> IfacerNetConf.parse(
                "{\"cniVersion\": \"0.2.0\", \"name\": \"n\", \"interfaces\": [\"eth0\"]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CniError.IncompatibleVersion.class);
        assertThatThrownBy(() -> IfacerNetConf.parse(
                "{\"cniVersion\": \"1.0.0\", \"interfaces\": [\"eth0\"]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CniError.InvalidNetworkConfig.class).hasMessageContaining("no \"name\"");
    }

    @Test
    void takesThirtyTwoInterfacesButNotThirtyThree() {
        assertThat(parse("\"interfaces\": [" + names(32) + "]").interfaces()).hasSize(32);

        assertThatThrownBy(() -> parse("\"interfaces\": [" + names(33) + "]"))
                .isInstanceOf(CniError.InvalidNetworkConfig.class)
                .hasMessageContaining("\"interfaces\" lists 33 interfaces, more than 32");
    }

    @Test
    void vlanIdZeroAndTheTopOfTheRangeAreAccepted() {
        assertThat(parse("\"interfaces\": [\"eth0\"], \"vlanID\": 0").vlanParent()).isNull();
        assertThat(parse("\"interfaces\": [\"eth0\"], \"vlanID\": 4094").vlanParent()).isEqualTo("eth0");
    }

    private static String names(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "\"eth" + i + "\"").collect(Collectors.joining(", "));
    }
}
