package io.spidernet.spiderpool.core.annotation;

import static io.spidernet.spiderpool.core.annotation.Rejections.assertPodRejects;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOL;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IpPoolAnnotationsTest {

    private static PodIpamAnnotations pod(String key, String value) {
        return PodIpamAnnotations.parse(Map.of(key, value));
    }

    @Test
    void ippoolKeepsNamesAndPatternsAsWritten() {
        PoolNames p = pod(IPPOOL, "{\"ipv4\":[\"p1\",\"v4-*\"],\"ipv6\":[\"v6-[ab]?\"]}").ipPool().orElseThrow();
        assertThat(p.ipv4()).containsExactly("p1", "v4-*");
        assertThat(p.ipv6()).containsExactly("v6-[ab]?");
    }

    @Test
    void ippoolFamiliesAreOptionalAndNullMeansNone() {
        assertThat(pod(IPPOOL, "{\"ipv6\":[\"p6\"],\"ipv4\":null}").ipPool())
                .contains(new PoolNames(List.of(), List.of("p6")));
        assertThat(pod(IPPOOL, "{}").ipPool()).hasValueSatisfying(p -> assertThat(p.isEmpty()).isTrue());
    }

    @Test
    void fieldNamesIgnoreCaseAsGoDoes() {
        assertThat(pod(IPPOOL, "{\"IPv4\":[\"p1\"]}").ipPool().orElseThrow().ipv4()).containsExactly("p1");
    }

    @Test
    void ippoolsWithNamedInterfaces() {
        PerNicPools pools = pod(IPPOOLS, "[{\"interface\":\"eth0\",\"ipv4\":[\"a\"]},"
                + "{\"interface\":\"net1\",\"ipv6\":[\"b\"],\"cleangateway\":true}]").ipPools().orElseThrow();
        assertThat(pools.namesInterfaces()).isTrue();
        assertThat(pools.items()).containsExactly(
                new NicPools(Optional.of("eth0"), List.of("a"), List.of(), false),
                new NicPools(Optional.of("net1"), List.of(), List.of("b"), true));
        assertThat(pools.find("net1").orElseThrow().pools()).isEqualTo(new PoolNames(List.of(), List.of("b")));
        assertThatCode(() -> pools.requireListed("eth0")).doesNotThrowAnyException();
    }

    @Test
    void ippoolsRefusesANicItDoesNotList() {
        String raw = "[{\"interface\":\"eth0\",\"ipv4\":[\"a\"]}]";
        PerNicPools pools = pod(IPPOOLS, raw).ipPools().orElseThrow();
        assertThatThrownBy(() -> pools.requireListed("net2"))
                .isInstanceOfSatisfying(AnnotationException.class, e -> {
                    assertThat(e.key()).isEqualTo(IPPOOLS);
                    assertThat(e.value()).isEqualTo(raw);
                    assertThat(e.problem()).isEqualTo(
                            "interface \"net2\" is not listed; add an item {\"interface\":\"net2\",...} for it");
                });
    }

    @Test
    void ippoolsByPositionListsEveryNicImplicitly() {
        PerNicPools pools = pod(IPPOOLS, "[{\"ipv4\":[\"a\"]},{\"ipv4\":[\"b\"]}]").ipPools().orElseThrow();
        assertThat(pools.namesInterfaces()).isFalse();
        assertThat(pools.items()).extracting(NicPools::ipv4).containsExactly(List.of("a"), List.of("b"));
        assertThatCode(() -> pools.requireListed("net5")).doesNotThrowAnyException();
        assertThat(pools.find("eth0")).isEmpty();
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(IPPOOL, "", "it is empty; write a JSON object like"),
                arguments(IPPOOL, "ipv4: p1", "it is not valid JSON ("),
                arguments(IPPOOL, "{\"ipv4\":[\"p\"]} x", "it is not valid JSON ("),
                arguments(IPPOOL, "null", "must be a JSON object like {\"ipv4\":[\"pool1\"],\"ipv6\":[\"pool2\"]}, not null"),
                arguments(IPPOOL, "[\"p1\"]", "must be a JSON object like"),
                arguments(IPPOOL, "{\"ipv4s\":[\"p1\"]}", "unknown field \"ipv4s\"; the fields are \"ipv4\" and \"ipv6\""),
                arguments(IPPOOL, "{\"ipv4\":\"p1\"}", "\"ipv4\" must be a list of pool names like [\"pool1\"], not \"p1\""),
                arguments(IPPOOL, "{\"ipv4\":[1]}", "\"ipv4\" may hold only pool names in quotes, not 1"),
                arguments(IPPOOL, "{\"ipv6\":[\"\"]}", "\"ipv6\" contains an empty pool name; remove it"),
                arguments(IPPOOL, "{\"ipv4\":[\"p\",\"p\"]}", "\"ipv4\" names pool \"p\" twice; list it once"),
                arguments(IPPOOL, "{\"ipv4\":[\"p\"],\"ipv4\":[\"q\"]}", "field \"ipv4\" is given twice at character"),
                arguments(IPPOOL, "{\"ipv4\":[\"p\"],\"IPv4\":[\"q\"]}", "field \"ipv4\" is given twice (names ignore case)"),
                arguments(IPPOOLS, "[]", "it lists no NIC; give at least one item"),
                arguments(IPPOOLS, "{\"interface\":\"eth0\"}", "it must be a JSON array like"),
                arguments(IPPOOLS, "[\"eth0\"]", "item 1: must be an object like"),
                arguments(IPPOOLS, "[{\"interface\":\"eth0\"},{\"ipv4\":[\"p\"]}]",
                        "either every item names \"interface\" or none does (item 2 has none)"),
                arguments(IPPOOLS, "[{\"ipv4\":[\"p\"]},{\"interface\":\"net1\"}]",
                        "(item 2 names \"net1\" but item 1 has none)"),
                arguments(IPPOOLS, "[{\"interface\":\"eth0\"},{\"interface\":\"net1\"},{\"interface\":\"eth0\"}]",
                        "interface \"eth0\" is listed twice (items 1 and 3); merge them"),
                arguments(IPPOOLS, "[{\"interface\":\"eth0\",\"ipv4s\":[\"p\"]}]",
                        "item 1: unknown field \"ipv4s\"; the fields are \"interface\", \"ipv4\", \"ipv6\" and \"cleangateway\""),
                arguments(IPPOOLS, "[{\"interface\":\"eth0\",\"cleangateway\":\"true\"}]",
                        "item 1: \"cleangateway\" must be true or false without quotes, not \"true\""),
                arguments(IPPOOLS, "[{\"interface\":3}]", "item 1: \"interface\" must be a string in quotes, not 3"),
                arguments(IPPOOLS, "[{\"interface\":\"\"}]", "item 1: the interface name is empty"),
                arguments(IPPOOLS, "[{\"interface\":\"a-nic-name-too-long\"}]",
                        "item 1: \"a-nic-name-too-long\" is not a valid interface name: use at most 15 characters"),
                arguments(IPPOOLS, "[{\"interface\":\"eth0\"},{\"interface\":\"net1\",\"ipv6\":[\"a\",\"a\"]}]",
                        "item 2: \"ipv6\" names pool \"a\" twice"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("rejected")
    void rejects(String key, String value, String fragment) {
        assertPodRejects(key, value, fragment);
    }
}
