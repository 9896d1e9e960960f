package io.spidernet.spiderpool.core.annotation;

import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOL;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodIpamAnnotationsTest {

    @Test
    void aPodWithoutAnnotationsHasNothingButTheDefaults() {
        PodIpamAnnotations a = PodIpamAnnotations.parse(Map.of("app", "web"));
        assertThat(a.ipPool()).isEmpty();
        assertThat(a.ipPools()).isEmpty();
        assertThat(a.subnet()).isEmpty();
        assertThat(a.subnets()).isEmpty();
        assertThat(a.routes()).isEmpty();
        assertThat(a.poolIpNumber()).isEmpty();
        assertThat(a.reclaimPool()).isTrue();
        assertThat(a.defaultRouteNic()).isEmpty();
        assertThat(a.multus()).isEqualTo(MultusNetworks.none());
        assertThat(a.requestsSubnets()).isFalse();
        assertThat(a).isEqualTo(PodIpamAnnotations.none()).isEqualTo(PodIpamAnnotations.parse(null));
    }

    @Test
    void parsesEveryAnnotationOfOnePodTogether() {
        PodIpamAnnotations a = PodIpamAnnotations.parse(Map.of(
                IPPOOL, "{\"ipv4\":[\"p4\"]}",
                IPPOOLS, "[{\"interface\":\"eth0\",\"ipv4\":[\"a\"]}]",
                SpiderpoolAnnotations.SUBNET, "{\"ipv4\":[\"s\"]}",
                SpiderpoolAnnotations.ROUTES, "[{\"dst\":\"10.0.0.0/8\",\"gw\":\"10.1.0.1\"}]",
                SpiderpoolAnnotations.IPPOOL_IP_NUMBER, "+1",
                SpiderpoolAnnotations.IPPOOL_RECLAIM, "false",
                SpiderpoolAnnotations.DEFAULT_ROUTE_NIC, "net1",
                SpiderpoolAnnotations.MULTUS_DEFAULT_NETWORK, "kube-system/macvlan"));
        // precedence is for the selection step: all of them are kept
        assertThat(a.ipPool()).isPresent();
        assertThat(a.ipPools()).isPresent();
        assertThat(a.subnet()).contains(new SubnetRequest("eth0", Optional.of("s"), Optional.empty()));
        assertThat(a.routes()).hasSize(1);
        assertThat(a.poolIpNumber()).contains(new PoolIpNumber.Flexible(1));
        assertThat(a.reclaimPool()).isFalse();
        assertThat(a.defaultRouteNic()).contains("net1");
        assertThat(a.multus().defaultNetwork()).isPresent();
    }

    @Test
    void theMessageNamesKeyValueAndWhatToChange() {
        String raw = "[{\"interface\":\"eth0\"},{\"ipv4\":[\"p\"]}]";
        assertThatThrownBy(() -> PodIpamAnnotations.parse(Map.of(IPPOOLS, raw)))
                .isInstanceOf(AnnotationException.class)
                .hasMessage("annotation ipam.spidernet.io/ippools value '[{\"interface\":\"eth0\"},{\"ipv4\":[\"p\"]}]'"
                        + " is invalid: either every item names \"interface\" or none does (item 2 has none)");
    }

    @Test
    void aLongValueIsShortenedInTheMessageButKeptWhole() {
        String raw = "{\"ipv4\":[\"" + "p".repeat(400) + "\"],\"oops\":1}";
        assertThatThrownBy(() -> PodIpamAnnotations.parse(Map.of(IPPOOL, raw)))
                .isInstanceOfSatisfying(AnnotationException.class, e -> {
                    assertThat(e.value()).isEqualTo(raw);
                    assertThat(e.problem()).startsWith("unknown field \"oops\"");
                    assertThat(e.getMessage()).contains("…' is invalid: unknown field \"oops\"").hasSizeLessThan(450);
                });
    }

    @Test
    void jsonSyntaxErrorsPointAtTheCharacterWithoutParserInternals() {
        assertThatThrownBy(() -> PodIpamAnnotations.parse(Map.of(IPPOOL, "{\"ipv4\":[\"p\"]")))
                .isInstanceOfSatisfying(AnnotationException.class, e -> assertThat(e.problem())
                        .startsWith("it is not valid JSON (")
                        .contains("at character 14")
                        .doesNotContain("Source", "REDACTED")
                        .endsWith("); write a JSON object like {\"ipv4\":[\"pool1\"],\"ipv6\":[\"pool2\"]}"));
    }

    @Test
    void aMalformedAnnotationFailsEvenWhenAnotherWouldWin() {
        // ippools outranks ippool, but parsing is done once, before anyone decides which counts
        Map<String, String> m = Map.of(IPPOOLS, "[{\"interface\":\"eth0\",\"ipv4\":[\"a\"]}]", IPPOOL, "{\"ipv4\":\"a\"}");
        assertThatThrownBy(() -> PodIpamAnnotations.parse(m))
                .isInstanceOfSatisfying(AnnotationException.class, e -> assertThat(e.key()).isEqualTo(IPPOOL));
    }

    @Test
    void recordsAreImmutable() {
        PodIpamAnnotations a = PodIpamAnnotations.parse(Map.of(
                IPPOOLS, "[{\"interface\":\"eth0\",\"ipv4\":[\"a\"]}]",
                SpiderpoolAnnotations.ROUTES, "[{\"dst\":\"10.0.0.0/8\",\"gw\":\"10.1.0.1\"}]"));
        assertThatThrownBy(() -> a.routes().clear()).isInstanceOf(UnsupportedOperationException.class);
        PerNicPools pools = a.ipPools().orElseThrow();
        assertThatThrownBy(() -> pools.items().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> pools.items().getFirst().ipv4().add("b"))
                .isInstanceOf(UnsupportedOperationException.class);

        List<String> mine = new java.util.ArrayList<>(List.of("x"));
        PoolNames names = new PoolNames(mine, List.of());
        mine.add("y");
        assertThat(names.ipv4()).containsExactly("x");
    }

    @Test
    void theCallersMapIsOnlyRead() {
        Map<String, String> m = new HashMap<>(Map.of(IPPOOL, "{\"ipv4\":[\"p\"]}"));
        PodIpamAnnotations.parse(m);
        assertThat(m).containsOnlyKeys(IPPOOL);
    }
}
