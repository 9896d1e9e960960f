package io.spidernet.spiderpool.core.multus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input the webhook should have refused, and the renderer cannot render, is refused with a
 * {@link MultusRenderException} naming the field, never rendered into a broken config. One row
 * per refusal: the spec (in YAML, under a fixed name and namespace) and the field named.
 */
class MultusRenderRefusalTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("cniType: macvlan", "spec.macvlan"),
                Arguments.of("cniType: ipvlan\nmacvlan: {master: [eth1]}", "spec.ipvlan"),
                Arguments.of("cniType: vlan", "spec.vlan"),
                Arguments.of("cniType: sriov", "spec.sriov"),
                Arguments.of("cniType: ib-sriov", "spec.ibsriov"),
                Arguments.of("cniType: ipoib", "spec.ipoib"),
                Arguments.of("cniType: ovs", "spec.ovs"),
                Arguments.of("cniType: macvlan\nmacvlan: {master: []}", "spec.macvlan.master"),
                Arguments.of("cniType: macvlan\nmacvlan: {master: ['']}", "spec.macvlan.master[0]"),
                Arguments.of("cniType: macvlan\nmacvlan: {master: [eth1, eth2]}", "spec.macvlan.bond.name"),
                Arguments.of("cniType: ipvlan\nipvlan: {master: [eth1, eth2], bond: {name: '', mode: 1}}",
                        "spec.ipvlan.bond.name"),
                Arguments.of("cniType: vlan\nvlan: {master: [eth1, eth2], vlanID: 5}", "spec.vlan.bond.name"),
                Arguments.of("cniType: sriov\nsriov: {mtu: 1500}", "spec.sriov.resourceName"),
                Arguments.of("cniType: ib-sriov\nibsriov: {resourceName: ''}", "spec.ibsriov.resourceName"),
                Arguments.of("cniType: ipoib\nipoib: {}", "spec.ipoib.master"),
                Arguments.of("cniType: ovs\novs: {vlan: 3}", "spec.ovs.bridge"),
                Arguments.of("cniType: custom\ncustomCNI: '{ \"invalid\" }'", "spec.customCNI"),
                Arguments.of("cniType: macvlan\nmacvlan: {master: [eth1]}\nchainCNIJsonData: ['{\"type\": \"tuning\"}',"
                        + " '[{\"type\": \"tuning\"}]']", "spec.chainCNIJsonData[1]"),
                Arguments.of("cniType: macvlan\nmacvlan: {master: [eth1]}\nchainCNIJsonData: ['{\"sysctl\": {}}']",
                        "spec.chainCNIJsonData[0].type"),
                Arguments.of("cniType: macvlan\nmacvlan: {master: [eth1]}\ncoordinator: {policyRoutes: [{dst: 10.0.0.0/8,"
                        + " gw: ''}]}", "spec.coordinator.policyRoutes[0]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusals")
    void refusesNamingTheField(String spec, String field) throws IOException {
        SpiderMultusConfig smc = smc("{}", spec);
        assertThatThrownBy(() -> MultusConfigRenderer.render(smc)).isInstanceOfSatisfying(MultusRenderException.class,
                e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(field + ": ");
                });
    }

    static Stream<Arguments> metadataRefusals() {
        return Stream.of(
                Arguments.of("{multus.spidernet.io/cr-name: ''}", "metadata.annotations[multus.spidernet.io/cr-name]"),
                Arguments.of("{multus.spidernet.io/cni-version: x.y.z}",
                        "metadata.annotations[multus.spidernet.io/cni-version]"),
                Arguments.of("{multus.spidernet.io/cni-version: ''}",
                        "metadata.annotations[multus.spidernet.io/cni-version]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("metadataRefusals")
    void refusesBadAnnotations(String annotations, String field) throws IOException {
        SpiderMultusConfig smc = smc(annotations, "cniType: macvlan\nmacvlan: {master: [eth1]}");
        assertThatThrownBy(() -> MultusConfigRenderer.render(smc)).isInstanceOfSatisfying(MultusRenderException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingMetadata")
    void refusesAnObjectWithoutNameOrNamespace(String metadata, String field) throws IOException {
        SpiderMultusConfig smc = YAML.readValue("apiVersion: spiderpool.spidernet.io/v2beta1\nkind: SpiderMultusConfig\n"
                + "metadata: " + metadata + "\nspec: {cniType: custom}\n", SpiderMultusConfig.class);
        assertThatThrownBy(() -> MultusConfigRenderer.render(smc)).isInstanceOfSatisfying(MultusRenderException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    static Stream<Arguments> missingMetadata() {
        return Stream.of(Arguments.of("{name: a}", "metadata.namespace"), Arguments.of("{namespace: ns}", "metadata.name"));
    }

    static SpiderMultusConfig smc(String annotations, String spec) throws IOException {
        String yaml = "apiVersion: spiderpool.spidernet.io/v2beta1\nkind: SpiderMultusConfig\nmetadata:\n  name: smc\n"
                + "  namespace: ns\n  annotations: " + annotations + "\nspec:\n" + spec.indent(2);
        return YAML.readValue(yaml, SpiderMultusConfig.class);
    }
}
