package io.spidernet.spiderpool.core.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpamNetConfTest {

    /** A config whose ipam block holds {@code ipamFields} (a JSON fragment, may be empty). */
    private static String config(String ipamFields) {
        String sep = ipamFields.isEmpty() ? "" : ", ";
        return "{\"cniVersion\": \"0.3.1\", \"name\": \"macvlan-conf\", \"type\": \"macvlan\", \"master\": \"eth0\","
                + " \"ipam\": {\"type\": \"spiderpool\"" + sep + ipamFields + "}}";
    }

    @Test
    void appliesUpstreamDefaultsToAMinimalConfig() {
        IpamNetConf conf = IpamNetConf.parse(config(""));

        assertThat(conf.cniVersion()).isEqualTo(CniVersion.V0_3_1);
        assertThat(conf.name()).isEqualTo("macvlan-conf");
        assertThat(conf.type()).isEqualTo("macvlan");
        assertThat(conf.prevResult()).isNull();
        assertThat(conf.runtimeConfig()).isEmpty();
        assertThat(conf.ipam()).isEqualTo(new IpamNetConf.Ipam("spiderpool", "debug",
                "/var/log/spidernet/spiderpool.log", 100, 30, 10, List.of(), List.of(), false, false,
                "/var/run/spidernet/spiderpool.sock"));
    }

    @Test
    void readsEveryIpamKey() {
        IpamNetConf conf = IpamNetConf.parse(config("""
                "log_level": "INFO", "log_file_path": "/tmp/sp.log", "log_file_max_size": 5,
                "log_file_max_age": 7, "log_file_max_count": 3,
                "default_ipv4_ippool": ["v4-a", "v4-*"], "default_ipv6_ippool": ["v6-a"],
                "clean_gateway": true, "match_master_subnet": true,
                "ipam_unix_socket_path": "/run/sp.sock\""""));

        assertThat(conf.ipam()).isEqualTo(new IpamNetConf.Ipam("spiderpool", "info", "/tmp/sp.log", 5, 7, 3,
                List.of("v4-a", "v4-*"), List.of("v6-a"), true, true, "/run/sp.sock"));
    }

    @Test
    void treatsNullAndEmptyStringsAsAbsent() {
        IpamNetConf conf = IpamNetConf.parse(config("""
                "log_level": "", "log_file_path": null, "log_file_max_size": null, "clean_gateway": null,
                "default_ipv4_ippool": null, "ipam_unix_socket_path": \"\""""));

        assertThat(conf.ipam().logLevel()).isEqualTo("debug");
        assertThat(conf.ipam().logFilePath()).isEqualTo(IpamNetConf.Ipam.DEFAULT_LOG_FILE_PATH);
        assertThat(conf.ipam().logFileMaxSizeMb()).isEqualTo(100);
        assertThat(conf.ipam().cleanGateway()).isFalse();
        assertThat(conf.ipam().defaultIpv4IpPools()).isEmpty();
        assertThat(conf.ipam().unixSocketPath()).isEqualTo(IpamNetConf.Ipam.DEFAULT_UNIX_SOCKET_PATH);
    }

    @Test
    void ignoresUnknownKeysAndKeepsPrevResultAndRuntimeConfig() {
        IpamNetConf conf = IpamNetConf.parse("""
                {"cniVersion": "1.0.0", "name": "n1", "type": "macvlan", "mode": "bridge",
                 "capabilities": {"ips": true},
                 "runtimeConfig": {"ips": ["10.6.1.20/24"]},
                 "prevResult": {"cniVersion": "1.0.0", "interfaces": [{"name": "eth0"}]},
                 "ipam": {"type": "spiderpool", "future_key": {"x": 1}, "ippools": "whatever"}}""");

        assertThat(conf.cniVersion()).isEqualTo(CniVersion.V1_0_0);
        assertThat(conf.runtimeConfig()).containsEntry("ips", List.of("10.6.1.20/24"));
        assertThat(conf.prevResult()).containsKey("interfaces");
        assertThat(conf.ipam().type()).isEqualTo("spiderpool");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"})
    void acceptsEachSupportedVersion(String version) {
        IpamNetConf conf = IpamNetConf.parse("{\"cniVersion\":\"" + version + "\",\"name\":\"n\",\"ipam\":{}}");
        assertThat(conf.cniVersion().text()).isEqualTo(version);
    }

    @Test
    void readsGcsValidAttachments() {
        IpamNetConf conf = IpamNetConf.parse("""
                {"cniVersion": "1.1.0", "name": "macvlan-conf", "ipam": {"type": "spiderpool"},
                 "cni.dev/valid-attachments": [{"containerID": "3c1e9f0a7b", "ifname": "eth0"},
                                               {"containerID": "77aa", "ifname": "net1"}]}""");

        assertThat(conf.validAttachments()).containsExactly(new CniAttachment("3c1e9f0a7b", "eth0"),
                new CniAttachment("77aa", "net1"));
        assertThat(IpamNetConf.parse("{\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"ipam\":{}}").validAttachments()).isEmpty();
    }

    @Test
    void aMalformedValidAttachmentIsCode7NamingTheEntry() {
        assertThatThrownBy(() -> IpamNetConf.parse("""
                {"cniVersion": "1.1.0", "name": "n", "ipam": {},
                 "cni.dev/valid-attachments": [{"containerID": "c1", "ifname": "eth0"}, {"containerID": "c2"}]}"""))
                .isInstanceOfSatisfying(CniError.InvalidNetworkConfig.class, e -> assertThat(e.msg())
                        .isEqualTo("the network configuration has no \"cni.dev/valid-attachments[1].ifname\""));
        assertThatThrownBy(() -> IpamNetConf.parse("""
                {"cniVersion": "1.1.0", "name": "n", "ipam": {}, "cni.dev/valid-attachments": {"containerID": "c1"}}"""))
                .isInstanceOfSatisfying(CniError.InvalidNetworkConfig.class, e -> assertThat(e.msg())
                        .startsWith("\"cni.dev/valid-attachments\" must be a list of {\"containerID\", \"ifname\"} objects"));
    }

    static Stream<Arguments> unsupportedVersions() {
        return Stream.of(
                Arguments.of("\"cniVersion\":\"0.2.0\",", "\"0.2.0\""),
                Arguments.of("\"cniVersion\":\"1.2.0\",", "\"1.2.0\""),
                Arguments.of("\"cniVersion\":\" 1.0.0\",", "\" 1.0.0\""),
                Arguments.of("\"cniVersion\":\"\",", "(none: runtimes read a missing cniVersion as 0.1.0)"),
                Arguments.of("", "(none: runtimes read a missing cniVersion as 0.1.0)"));
    }

    @ParameterizedTest
    @MethodSource("unsupportedVersions")
    void refusesOtherVersionsWithCode1NamingVersionAndSupportedList(String versionField, String shown) {
        String json = "{" + versionField + "\"name\":\"n\",\"ipam\":{}}";
        assertThatThrownBy(() -> IpamNetConf.parse(json))
                .isInstanceOfSatisfying(CniError.IncompatibleVersion.class, e -> {
                    assertThat(e.code()).isEqualTo(1);
                    assertThat(e.msg()).isEqualTo("incompatible CNI version " + shown
                            + ": spiderpool supports 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0");
                    assertThat(e.details()).contains("set \"cniVersion\"");
                });
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("\"clean_gateway\": \"yes\"",
                        "\"ipam.clean_gateway\" must be a boolean, but it is the string \"yes\"", "true or false"),
                Arguments.of("\"match_master_subnet\": 1",
                        "\"ipam.match_master_subnet\" must be a boolean, but it is the number 1", "true or false"),
                Arguments.of("\"log_file_max_size\": \"100\"",
                        "\"ipam.log_file_max_size\" must be a whole number, but it is the string \"100\"", "without quotes"),
                Arguments.of("\"log_file_max_age\": 30.0",
                        "\"ipam.log_file_max_age\" must be a whole number, but it is the number 30.0", "decimal point"),
                Arguments.of("\"log_file_max_count\": true",
                        "\"ipam.log_file_max_count\" must be a whole number, but it is the boolean true", "digits"),
                Arguments.of("\"log_file_max_count\": -1",
                        "\"ipam.log_file_max_count\" is -1 but must be from 0 to 2147483647", "change"),
                Arguments.of("\"log_file_max_size\": 2147483648",
                        "\"ipam.log_file_max_size\" is 2147483648 but must be from 0 to 2147483647", "change"),
                Arguments.of("\"log_level\": 3",
                        "\"ipam.log_level\" must be a string, but it is the number 3", "double quotes"),
                Arguments.of("\"log_level\": \"verbose\"",
                        "\"ipam.log_level\" is \"verbose\" but must be one of debug, info, warn, error", "letter case"),
                Arguments.of("\"log_file_path\": [\"/a\"]",
                        "\"ipam.log_file_path\" must be a string, but it is a list", "double quotes"),
                Arguments.of("\"ipam_unix_socket_path\": {}",
                        "\"ipam.ipam_unix_socket_path\" must be a string, but it is an object", "double quotes"),
                Arguments.of("\"default_ipv4_ippool\": \"pool-a\"",
                        "\"ipam.default_ipv4_ippool\" must be a list of strings, but it is the string \"pool-a\"",
                        "[\"default-v4-ippool\"]"),
                Arguments.of("\"default_ipv6_ippool\": [\"a\", 7]",
                        "\"ipam.default_ipv6_ippool\" must be a list of strings, but item 2 is the number 7", "array"),
                Arguments.of("\"default_ipv6_ippool\": [null]",
                        "\"ipam.default_ipv6_ippool\" must be a list of strings, but item 1 is null", "array"));
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void refusesWrongTypesWithCode7NamingKeyValueAndType(String field, String msg, String hint) {
        assertThatThrownBy(() -> IpamNetConf.parse(config(field)))
                .isInstanceOfSatisfying(CniError.InvalidNetworkConfig.class, e -> {
                    assertThat(e.code()).isEqualTo(7);
                    assertThat(e.msg()).isEqualTo(msg);
                    assertThat(e.details()).contains(hint);
                });
    }

    static Stream<Arguments> invalidTopLevel() {
        return Stream.of(
                Arguments.of("{\"cniVersion\":1.0,\"name\":\"n\",\"ipam\":{}}",
                        "\"cniVersion\" must be a string, but it is the number 1.0"),
                Arguments.of("{\"cniVersion\":\"1.0.0\",\"ipam\":{}}", "the network configuration has no \"name\""),
                Arguments.of("{\"cniVersion\":\"1.0.0\",\"name\":\"\",\"ipam\":{}}",
                        "the network configuration has no \"name\""),
                Arguments.of("{\"cniVersion\":\"1.0.0\",\"name\":\"my net\",\"ipam\":{}}",
                        "network name \"my net\" has invalid characters"),
                Arguments.of("{\"cniVersion\":\"1.0.0\",\"name\":\"-net\",\"ipam\":{}}",
                        "network name \"-net\" has invalid characters"),
                Arguments.of("{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}", "the network configuration has no \"ipam\""),
                Arguments.of("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":[]}",
                        "\"ipam\" must be an object, but it is a list"),
                Arguments.of("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":{\"type\":false}}",
                        "\"ipam.type\" must be a string, but it is the boolean false"),
                Arguments.of("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":7,\"ipam\":{}}",
                        "\"type\" must be a string, but it is the number 7"),
                Arguments.of("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"prevResult\":\"x\",\"ipam\":{}}",
                        "\"prevResult\" must be an object, but it is the string \"x\""),
                Arguments.of("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"runtimeConfig\":1,\"ipam\":{}}",
                        "\"runtimeConfig\" must be an object, but it is the number 1"));
    }

    @ParameterizedTest
    @MethodSource("invalidTopLevel")
    void refusesBadTopLevelFieldsWithCode7(String json, String msg) {
        assertThatThrownBy(() -> IpamNetConf.parse(json))
                .isInstanceOfSatisfying(CniError.InvalidNetworkConfig.class, e -> {
                    assertThat(e.code()).isEqualTo(7);
                    assertThat(e.msg()).isEqualTo(msg);
                    assertThat(e.details()).isNotEmpty();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"cniVersion\":\"1.0.0\",}", "{\"cniVersion\" \"1.0.0\"}", "null"})
    void refusesTextThatIsNotAJsonObjectWithCode6AndAPosition(String json) {
        assertThatThrownBy(() -> IpamNetConf.parse(json))
                .isInstanceOfSatisfying(CniError.DecodingFailure.class, e -> {
                    assertThat(e.code()).isEqualTo(6);
                    assertThat(e.msg()).startsWith("the network configuration on stdin is not valid JSON: ")
                            .contains(" at line 1, column ");
                });
    }

    @Test
    void readsBytesAsStrictUtf8() {
        byte[] good = config("\"default_ipv4_ippool\": [\"pool-\u00e9\"]").getBytes(StandardCharsets.UTF_8);
        assertThat(IpamNetConf.parse(good).ipam().defaultIpv4IpPools()).containsExactly("pool-\u00e9");

        byte[] bad = "{\"cniVersion\":\"1.0.0\",\"name\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> IpamNetConf.parse(bad))
                .isInstanceOfSatisfying(CniError.DecodingFailure.class,
                        e -> assertThat(e.msg()).contains("invalid UTF-8 byte sequence").contains("column 31"));
    }

    @Test
    void runtimeConfigDefaultsToAnEmptyMap() {
        IpamNetConf conf = new IpamNetConf(CniVersion.V1_0_0, "n", "", IpamNetConf.parse(config("")).ipam(), null, null, null);
        assertThat(conf.runtimeConfig()).isEqualTo(Map.of());
    }
}
