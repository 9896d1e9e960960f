package io.spidernet.spiderpool.core.annotation;

import static io.spidernet.spiderpool.core.annotation.Rejections.assertPodRejects;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.SUBNET;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.SUBNETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SubnetAnnotationsTest {

    private static PodIpamAnnotations pod(String key, String value) {
        return PodIpamAnnotations.parse(Map.of(key, value));
    }

    @Test
    void subnetDefaultsToEth0AndUsesTheFirstNameOfEachFamily() {
        PodIpamAnnotations a = pod(SUBNET, "{\"ipv4\":[\"s1\",\"s2\"]}");
        assertThat(a.subnet()).contains(new SubnetRequest("eth0", Optional.of("s1"), Optional.empty()));
        assertThat(a.requestsSubnets()).isTrue();
    }

    @Test
    void subnetNamesItsInterface() {
        assertThat(pod(SUBNET, "{\"interface\":\"net1\",\"ipv6\":[\"s6\"]}").subnet())
                .contains(new SubnetRequest("net1", Optional.empty(), Optional.of("s6")));
    }

    @Test
    void subnetsGivesOneRequestPerNic() {
        PodIpamAnnotations a = pod(SUBNETS, "[{\"interface\":\"eth0\",\"ipv4\":[\"a4\"],\"ipv6\":[\"a6\"]},"
                + "{\"interface\":\"net1\",\"ipv4\":[\"b4\"]}]");
        assertThat(a.subnets()).containsExactly(
                new SubnetRequest("eth0", Optional.of("a4"), Optional.of("a6")),
                new SubnetRequest("net1", Optional.of("b4"), Optional.empty()));
        assertThat(a.subnet()).isEmpty();
        assertThat(a.requestsSubnets()).isTrue();
    }

    @Test
    void theSameNameMayServeBothFamiliesOnce() {
        // families are checked separately: an IPv4 and an IPv6 subnet are different objects
        assertThat(pod(SUBNETS, "[{\"interface\":\"eth0\",\"ipv4\":[\"x\"]},{\"interface\":\"net1\",\"ipv6\":[\"x\"]}]")
                .subnets()).hasSize(2);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(SUBNET, "", "it is empty; write a JSON object like"),
                arguments(SUBNET, "{ipv4:[s1]}", "it is not valid JSON ("),
                arguments(SUBNET, "[{\"ipv4\":[\"s1\"]}]", "must be a JSON object like {\"interface\":\"eth0\""),
                arguments(SUBNET, "{}", "no subnet is given; name one in \"ipv4\" or \"ipv6\""),
                arguments(SUBNET, "{\"interface\":\"net1\",\"ipv4\":[],\"ipv6\":null}", "no subnet is given"),
                arguments(SUBNET, "{\"subnet\":[\"s1\"]}", "unknown field \"subnet\"; the fields are \"interface\", \"ipv4\" and \"ipv6\""),
                arguments(SUBNET, "{\"ipv4\":\"s1\"}", "\"ipv4\" must be a list of subnet names like [\"subnet1\"], not \"s1\""),
                arguments(SUBNET, "{\"ipv4\":[\"\"]}", "\"ipv4\" contains an empty subnet name"),
                arguments(SUBNET, "{\"interface\":\"net/1\",\"ipv4\":[\"s\"]}", "\"net/1\" is not a valid interface name"),
                arguments(SUBNETS, "", "it is empty; write a JSON array like"),
                arguments(SUBNETS, "{\"interface\":\"eth0\",\"ipv4\":[\"s1\"]}", "it must be a JSON array like"),
                arguments(SUBNETS, "[]", "it lists no NIC; give at least one item"),
                arguments(SUBNETS, "[{\"ipv4\":[\"s1\"]}]", "item 1: \"interface\" is missing; add it, e.g. \"interface\":\"net1\""),
                arguments(SUBNETS, "[{\"interface\":\"eth0\",\"ipv4\":[\"a\"]},{\"interface\":\"net1\"}]",
                        "item 2: no subnet is given"),
                arguments(SUBNETS, "[{\"interface\":\"eth0\",\"ipv4\":[\"a\"]},{\"interface\":\"eth0\",\"ipv4\":[\"b\"]}]",
                        "interface \"eth0\" is used by items 1 and 2; give each NIC its own item"),
                arguments(SUBNETS, "[{\"interface\":\"eth0\",\"ipv4\":[\"a\"]},{\"interface\":\"net1\",\"ipv4\":[\"a\"]}]",
                        "IPv4 subnet \"a\" is used by items 1 and 2; give each NIC its own subnet"),
                arguments(SUBNETS, "[{\"interface\":\"eth0\",\"ipv6\":[\"a\"]},{\"interface\":\"net1\",\"ipv6\":[\"a\"]}]",
                        "IPv6 subnet \"a\" is used by items 1 and 2"),
                arguments(SUBNETS, "[{\"interface\":\"eth0\",\"ipv4\":[\"a\"],\"ipv4s\":[\"b\"]}]",
                        "item 1: unknown field \"ipv4s\""));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("rejected")
    void rejects(String key, String value, String fragment) {
        assertPodRejects(key, value, fragment);
    }
}
