package io.spidernet.spiderpool.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the checked-in CRDs against upstream's table of kinds (names, scope, status subresource,
 * printer columns), independently of the model they are generated from.
 */
class CrdShapeTest {
    record Shape(String kind, String plural, String shortName, String scope, boolean statusSubresource,
            List<String> columns) {}

    static Stream<Shape> kinds() {
        return Stream.of(
                new Shape("SpiderIPPool", "spiderippools", "sp", "Cluster", true, List.of("VERSION:0", "SUBNET:0",
                        "ALLOCATED-IP-COUNT:0", "TOTAL-IP-COUNT:0", "DEFAULT:0", "DISABLE:10", "NodeName:10",
                        "MultusName:10", "APP-NAMESPACE:10")),
                new Shape("SpiderSubnet", "spidersubnets", "ss", "Cluster", true,
                        List.of("VERSION:0", "SUBNET:0", "ALLOCATED-IP-COUNT:0", "TOTAL-IP-COUNT:0")),
                new Shape("SpiderReservedIP", "spiderreservedips", "sr", "Cluster", false, List.of("VERSION:0")),
                new Shape("SpiderEndpoint", "spiderendpoints", "se", "Namespaced", false, List.of("INTERFACE:0",
                        "IPV4POOL:0", "IPV4:0", "IPV6POOL:0", "IPV6:0", "NODE:0")),
                new Shape("SpiderMultusConfig", "spidermultusconfigs", "smc", "Namespaced", false, List.of()),
                new Shape("SpiderCoordinator", "spidercoordinators", "scc", "Cluster", true, List.of()));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void crdHasUpstreamShape(Shape shape) throws IOException {
        CustomResourceDefinition crd = load(shape);

        assertThat(crd.getMetadata().getName()).isEqualTo(shape.plural() + "." + SpiderpoolGroup.GROUP);
        assertThat(crd.getSpec().getGroup()).isEqualTo(SpiderpoolGroup.GROUP);
        assertThat(crd.getSpec().getScope()).isEqualTo(shape.scope());
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo(shape.kind());
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(shape.plural());
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly(shape.shortName());
        assertThat(crd.getSpec().getNames().getCategories()).containsExactly(SpiderpoolGroup.CATEGORY);
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(version -> {
            assertThat(version.getName()).isEqualTo(SpiderpoolGroup.VERSION);
            assertThat(version.getServed()).isTrue();
            assertThat(version.getStorage()).isTrue();
            assertThat(version.getAdditionalPrinterColumns().stream()
                    .map(c -> c.getName() + ":" + Objects.requireNonNullElse(c.getPriority(), 0)))
                    .containsExactlyElementsOf(shape.columns());
            boolean statusSubresource = version.getSubresources() != null && version.getSubresources().getStatus() != null;
            assertThat(statusSubresource).as("status subresource").isEqualTo(shape.statusSubresource());
        });
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void ipVersionIsAnInt64EnumAsUpstream(Shape shape) throws IOException {
        CustomResourceDefinitionVersion version = load(shape).getSpec().getVersions().getFirst();
        JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        JSONSchemaProps ipVersion = spec == null ? null : spec.getProperties().get("ipVersion");
        if (ipVersion != null) {
            assertThat(ipVersion.getType()).isEqualTo("integer");
            assertThat(ipVersion.getFormat()).isEqualTo("int64");
            assertThat(ipVersion.getEnum()).map(Object::toString).containsExactly("4", "6");
        }
    }

    /** kubectl's JSONPath splits an unescaped {@code ['a.b']} at the dots and then finds nothing. */
    @Test
    void appNamespaceColumnEscapesTheLabelKey() throws IOException {
        Shape pool = shape("SpiderIPPool");
        assertThat(load(pool).getSpec().getVersions().getFirst().getAdditionalPrinterColumns().getLast().getJsonPath())
                .isEqualTo(".spec.podAffinity.matchLabels['ipam\\.spidernet\\.io/app\\-namespace']");
    }

    @Test
    void spiderEndpointHasNoSpec() throws IOException {
        assertThat(load(shape("SpiderEndpoint")).getSpec().getVersions().getFirst().getSchema().getOpenAPIV3Schema().getProperties())
                .containsOnlyKeys("apiVersion", "kind", "metadata", "status");
    }

    /** The operator's kind: its own group, cluster-scoped, a status subresource, no short name. */
    @Test
    void operatorKindHasTheAgreedNames() throws IOException {
        CustomResourceDefinition crd = new KubernetesSerialization().unmarshal(Files.readString(CrdsAreCurrentTest.crdDir()
                .resolve("spiderpools.operator.spiderpool.spidernet.io.yaml")), CustomResourceDefinition.class);
        assertThat(crd.getSpec().getGroup()).isEqualTo("operator.spiderpool.spidernet.io");
        assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("Spiderpool");
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("spiderpools");
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().getFirst();
        assertThat(version.getName()).isEqualTo("v1alpha1");
        assertThat(version.getSubresources().getStatus()).isNotNull();
        JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertThat(spec.getProperties().get("controller").getProperties().get("webhookConfigurations").getEnum())
                .map(Object::toString).containsExactly("\"Auto\"", "\"Managed\"", "\"External\"");
        assertThat(spec.getProperties().get("ipam").getProperties().get("enableIPv6").getDefault().toString()).isEqualTo("false");
        assertThat(spec.getProperties().get("agent").getProperties().get("cniBinDir").getDefault().asText()).isEqualTo("/opt/cni/bin");
    }

    private static Shape shape(String kind) {
        return kinds().filter(s -> s.kind().equals(kind)).findFirst().orElseThrow();
    }

    private static CustomResourceDefinition load(Shape shape) throws IOException {
        return new KubernetesSerialization().unmarshal(
                Files.readString(CrdsAreCurrentTest.crdDir().resolve(shape.plural() + CrdsAreCurrentTest.SUFFIX)),
                CustomResourceDefinition.class);
    }
}
