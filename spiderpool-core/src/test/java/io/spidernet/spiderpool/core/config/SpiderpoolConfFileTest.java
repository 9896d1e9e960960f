package io.spidernet.spiderpool.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.config.SpiderpoolConfFile.IaasNetworkProvider;
import io.spidernet.spiderpool.core.config.SpiderpoolConfFile.PodResourceInject;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpiderpoolConfFileTest {

    private static final SpiderpoolConfFile DEFAULTS = SpiderpoolConfFile.defaults();

    @Test
    void anEmptyDocumentGivesTheChartDefaults() {
        assertThat(DEFAULTS).isEqualTo(new SpiderpoolConfFile("/var/run/spidernet/spiderpool.sock",
                true, true, true, true, false, true, true, false, false, false, 1, true,
                new PodResourceInject(false, List.of("kube-system", "spiderpool", "metallb-system", "istio-system"),
                        List.of()),
                new IaasNetworkProvider("", Duration.ofSeconds(50))));
        assertThat(SpiderpoolConfFile.parse("# nothing set\n")).isEqualTo(DEFAULTS);
        assertThat(DEFAULTS.ipam(5000)).isEqualTo(SpiderpoolConf.defaults());
    }

    static Stream<Arguments> eachKey() {
        return Stream.of(
                row("ipamUnixSocketPath: /run/sp.sock", "/run/sp.sock", SpiderpoolConfFile::ipamUnixSocketPath),
                row("enableIPv4: false", false, SpiderpoolConfFile::enableIPv4),
                row("enableIPv6: false", false, SpiderpoolConfFile::enableIPv6),
                row("enableStatefulSet: false", false, SpiderpoolConfFile::enableStatefulSet),
                row("enableKubevirtStaticIP: false", false, SpiderpoolConfFile::enableKubevirtStaticIP),
                row("enableCleanOutdatedEndpoint: true", true, SpiderpoolConfFile::enableCleanOutdatedEndpoint),
                row("enableSpiderSubnet: false", false, SpiderpoolConfFile::enableSpiderSubnet),
                row("enableAutoPoolForApplication: false", false, SpiderpoolConfFile::enableAutoPoolForApplication),
                row("enableIPConflictDetection: true", true, SpiderpoolConfFile::enableIPConflictDetection),
                row("enableGatewayDetection: true", true, SpiderpoolConfFile::enableGatewayDetection),
                row("enableValidatingResourcesDeletedWebhook: true", true,
                        SpiderpoolConfFile::enableValidatingResourcesDeletedWebhook),
                row("clusterSubnetDefaultFlexibleIPNumber: 3", 3, SpiderpoolConfFile::clusterSubnetDefaultFlexibleIPNumber),
                row("tuneSysctlConfig: false", false, SpiderpoolConfFile::tuneSysctlConfig),
                row("podResourceInject: {enabled: true}", true, c -> c.podResourceInject().enabled()),
                row("podResourceInject:\n  namespacesExclude: [kube-system]", List.of("kube-system"),
                        c -> c.podResourceInject().namespacesExclude()),
                row("podResourceInject:\n  namespacesInclude: [a, b]", List.of("a", "b"),
                        c -> c.podResourceInject().namespacesInclude()),
                row("iaasNetworkProvider:\n  serverUrl: http://iaas:8080", "http://iaas:8080",
                        c -> c.iaasNetworkProvider().serverUrl()),
                row("iaasNetworkProvider:\n  httpRequestTimeout: 1m30s", Duration.ofSeconds(90),
                        c -> c.iaasNetworkProvider().httpRequestTimeout()),
                row("iaasNetworkProvider:\n  httpRequestTimeout: 500ms", Duration.ofMillis(500),
                        c -> c.iaasNetworkProvider().httpRequestTimeout()));
    }

    private static Arguments row(String yaml, Object expected, Function<SpiderpoolConfFile, Object> read) {
        return Arguments.of(yaml, expected, read);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachKey")
    void eachKeyIsReadUnderUpstreamsName(String yaml, Object expected, Function<SpiderpoolConfFile, Object> read) {
        SpiderpoolConfFile conf = SpiderpoolConfFile.parse(yaml);
        assertThat(read.apply(conf)).isEqualTo(expected);
        assertThat(read.apply(DEFAULTS)).as("the default differs from the set value").isNotEqualTo(expected);
    }

    static Stream<Arguments> flexibleIPNumber() {
        return Stream.of(
                Arguments.of("", 1),
                Arguments.of("enableSpiderSubnet: false", 0),
                Arguments.of("enableAutoPoolForApplication: false", 0),
                Arguments.of("clusterSubnetDefaultFlexibleIPNumber: 4", 4),
                Arguments.of("clusterSubnetAutoPoolDefaultRedundantIPNumber: 5", 5),
                Arguments.of("clusterSubnetDefaultFlexibleIPNumber: 4\nclusterSubnetAutoPoolDefaultRedundantIPNumber: 5", 4),
                Arguments.of("clusterSubnetDefaultFlexibleIPNumber: 0\nclusterSubnetAutoPoolDefaultRedundantIPNumber: 5", 0),
                Arguments.of("clusterSubnetDefaultFlexibleIPNumber: null\nclusterSubnetAutoPoolDefaultRedundantIPNumber: 5", 5));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("flexibleIPNumber")
    void eitherFlexibleIPSpellingIsReadAndTheChartsWins(String yaml, int expected) {
        assertThat(SpiderpoolConfFile.parse(yaml).clusterSubnetDefaultFlexibleIPNumber()).isEqualTo(expected);
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("enableIPv4: \"yes\"",
                        "conf.yml key enableIPv4: value \"yes\" (a string) is not a boolean (true or false)"),
                Arguments.of("enableIPv6: 1", "conf.yml key enableIPv6: value 1 (a number) is not a boolean (true or false)"),
                Arguments.of("clusterSubnetDefaultFlexibleIPNumber: \"1\"",
                        "conf.yml key clusterSubnetDefaultFlexibleIPNumber: value \"1\" (a string) is not an integer"),
                Arguments.of("clusterSubnetAutoPoolDefaultRedundantIPNumber: 1.5",
                        "conf.yml key clusterSubnetAutoPoolDefaultRedundantIPNumber: value 1.5 (a number) is not an integer"),
                Arguments.of("clusterSubnetDefaultFlexibleIPNumber: -1",
                        "conf.yml key clusterSubnetDefaultFlexibleIPNumber: value -1 is negative; expected a count of spare addresses, 0 or more"),
                Arguments.of("ipamUnixSocketPath: [a]", "conf.yml key ipamUnixSocketPath: value [\"a\"] (a list) is not a string"),
                Arguments.of("podResourceInject: true", "conf.yml key podResourceInject: value true (a boolean) is not a mapping"),
                Arguments.of("podResourceInject:\n  enabled: maybe",
                        "conf.yml key podResourceInject.enabled: value \"maybe\" (a string) is not a boolean (true or false)"),
                Arguments.of("podResourceInject:\n  namespacesInclude: kube-system",
                        "conf.yml key podResourceInject.namespacesInclude: value \"kube-system\" (a string) is not a list of strings"),
                Arguments.of("iaasNetworkProvider:\n  httpRequestTimeout: 50",
                        "conf.yml key iaasNetworkProvider.httpRequestTimeout: value 50 (a number) is not a duration such as \"50s\""),
                Arguments.of("iaasNetworkProvider:\n  httpRequestTimeout: soon",
                        "conf.yml key iaasNetworkProvider.httpRequestTimeout: value \"soon\" (a string) is not a duration such as \"50s\""),
                Arguments.of("- enableIPv4", "conf.yml must be a mapping of keys to values, not [\"enableIPv4\"] (a list)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongTypes")
    void aValueOfTheWrongTypeIsRefusedNamingKeyValueAndType(String yaml, String message) {
        assertThatThrownBy(() -> SpiderpoolConfFile.parse(yaml))
                .isInstanceOf(ConfFileException.class).hasMessage(message);
    }

    /** The YAML 1.1 words for booleans are booleans, as the YAML reader parses them, not strings refused. */
    @Test
    void yaml11BooleanWordsAreBooleans() {
        SpiderpoolConfFile conf = SpiderpoolConfFile.parse("enableIPv6: off\ntuneSysctlConfig: no\nenableGatewayDetection: on");
        assertThat(List.of(conf.enableIPv6(), conf.tuneSysctlConfig(), conf.enableGatewayDetection()))
                .containsExactly(false, false, true);
    }

    @Test
    void unknownKeysAreIgnored() {
        SpiderpoolConfFile conf = SpiderpoolConfFile.parse("""
                enableIPv6: false
                someFutureSwitch: true
                agent:
                  networkResourcePlugin:
                    enabled: true
                podResourceInject:
                  enabled: true
                  aNewerSubKey: [x]
                """);
        assertThat(conf).isEqualTo(new SpiderpoolConfFile(DEFAULTS.ipamUnixSocketPath(), true, false, true, true,
                false, true, true, false, false, false, 1, true,
                new PodResourceInject(true, DEFAULTS.podResourceInject().namespacesExclude(), List.of()),
                DEFAULTS.iaasNetworkProvider()));
    }

    @Test
    void theChartsRenderedDocumentIsReadFromAMountedFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("conf.yml"), """
                ipamUnixSocketPath: /var/run/spidernet/spiderpool.sock
                enableIPv4: true
                enableIPv6: false
                enableStatefulSet: true
                enableKubevirtStaticIP: true
                enableSpiderSubnet: false
                enableAutoPoolForApplication: true
                enableIPConflictDetection: true
                enableGatewayDetection: false
                clusterSubnetDefaultFlexibleIPNumber: 0
                tuneSysctlConfig: true
                podResourceInject:
                  enabled: false
                  namespacesExclude:
                  - kube-system
                  namespacesInclude: []
                iaasNetworkProvider:
                  serverUrl: ""
                  httpRequestTimeout: 50s
                """);
        SpiderpoolConf ipam = SpiderpoolConfFile.parse(Files.readString(file), file.toString()).ipam(200);
        // no SpiderSubnet in this document, so no spare auto-pool addresses either (the chart renders 0 then)
        assertThat(ipam).isEqualTo(new SpiderpoolConf(true, false, true, true, false, true, true, false, false, 200, 0));
    }

    @Test
    void anErrorNamesTheFileItCameFrom() {
        assertThatThrownBy(() -> SpiderpoolConfFile.parse("enableIPv4: maybe", "/tmp/spiderpool/config-map/conf.yml"))
                .isInstanceOf(ConfFileException.class)
                .hasMessageStartingWith("/tmp/spiderpool/config-map/conf.yml: conf.yml key enableIPv4");
    }
}
