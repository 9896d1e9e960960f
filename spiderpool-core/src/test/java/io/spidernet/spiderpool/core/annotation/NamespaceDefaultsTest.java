package io.spidernet.spiderpool.core.annotation;

import static io.spidernet.spiderpool.core.annotation.Rejections.assertRejects;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.NS_DEFAULT_IPV4_IPPOOL;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.NS_DEFAULT_IPV6_IPPOOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NamespaceDefaultsTest {

    @Test
    void readsBothFamiliesAndKeepsPatterns() {
        NamespaceDefaults d = NamespaceDefaults.parse(Map.of(
                NS_DEFAULT_IPV4_IPPOOL, "[\"ns-v4-pool1\",\"ns-v4-*\"]",
                NS_DEFAULT_IPV6_IPPOOL, "[\"ns-v6-[12]\"]",
                "unrelated", "ignored"));
        assertThat(d.ipv4()).containsExactly("ns-v4-pool1", "ns-v4-*");
        assertThat(d.ipv6()).containsExactly("ns-v6-[12]");
        assertThat(d.pools()).isEqualTo(new PoolNames(d.ipv4(), d.ipv6()));
    }

    @Test
    void absentOrEmptyMeansNoDefaults() {
        assertThat(NamespaceDefaults.parse(Map.of()).isEmpty()).isTrue();
        assertThat(NamespaceDefaults.parse(null).isEmpty()).isTrue();
        NamespaceDefaults onlyV6 = NamespaceDefaults.parse(Map.of(NS_DEFAULT_IPV4_IPPOOL, "[]",
                NS_DEFAULT_IPV6_IPPOOL, "[\"p6\"]"));
        assertThat(onlyV6.ipv4()).isEmpty();
        assertThat(onlyV6.ipv6()).isEqualTo(List.of("p6"));
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(NS_DEFAULT_IPV4_IPPOOL, "", "it is empty; write a JSON array of pool names like [\"pool1\",\"pool2\"]"),
                arguments(NS_DEFAULT_IPV4_IPPOOL, "pool1", "it is not valid JSON ("),
                arguments(NS_DEFAULT_IPV4_IPPOOL, "\"pool1\"", "it must be a JSON array of pool names like [\"pool1\",\"pool2\"], not \"pool1\""),
                arguments(NS_DEFAULT_IPV6_IPPOOL, "{\"ipv6\":[\"p\"]}", "it must be a JSON array of pool names"),
                arguments(NS_DEFAULT_IPV6_IPPOOL, "[6]", "the list may hold only pool names in quotes, not 6"),
                arguments(NS_DEFAULT_IPV4_IPPOOL, "[\"\"]", "the list contains an empty pool name; remove it"),
                arguments(NS_DEFAULT_IPV6_IPPOOL, "[\"p\",\"p\"]", "the list names pool \"p\" twice; list it once"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("rejected")
    void rejects(String key, String value, String fragment) {
        assertRejects(NamespaceDefaults::parse, key, value, fragment);
    }
}
