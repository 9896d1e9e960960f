package io.spidernet.spiderpool.core.annotation;

import static io.spidernet.spiderpool.core.annotation.Rejections.assertRejects;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.MULTUS_DEFAULT_NETWORK;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.MULTUS_NETWORKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MultusNetworksTest {

    private static NetworkSelection sel(String ns, String name, String nic) {
        return new NetworkSelection(Optional.ofNullable(ns), name, Optional.ofNullable(nic));
    }

    private static MultusNetworks parse(String key, String value) {
        return MultusNetworks.parse(Map.of(key, value));
    }

    @Test
    void defaultNetworkInEveryForm() {
        assertThat(parse(MULTUS_DEFAULT_NETWORK, "kube-system/macvlan").defaultNetwork())
                .contains(sel("kube-system", "macvlan", null));
        assertThat(parse(MULTUS_DEFAULT_NETWORK, "macvlan").defaultNetwork()).contains(sel(null, "macvlan", null));
        assertThat(parse(MULTUS_DEFAULT_NETWORK, "macvlan@eth0").defaultNetwork()).contains(sel(null, "macvlan", "eth0"));
        assertThat(parse(MULTUS_DEFAULT_NETWORK, "[{\"name\":\"macvlan\",\"namespace\":\"kube-system\"}]").defaultNetwork())
                .contains(sel("kube-system", "macvlan", null));
    }

    @Test
    void networksCommaListWithSpaces() {
        assertThat(parse(MULTUS_NETWORKS, "ns1/a@net1, b ,ns2/c").networks())
                .containsExactly(sel("ns1", "a", "net1"), sel(null, "b", null), sel("ns2", "c", null));
    }

    @Test
    void networksJsonIgnoresFieldsThatBelongToMultus() {
        String json = "[{\"name\":\"a\",\"namespace\":\"ns1\",\"interface\":\"net7\",\"ips\":[\"10.0.0.1/24\"],"
                + "\"mac\":\"c2:b0:57:49:47:f1\"},{\"name\":\"b\"}]";
        assertThat(parse(MULTUS_NETWORKS, json).networks())
                .containsExactly(sel("ns1", "a", "net7"), sel(null, "b", null));
    }

    @Test
    void emptyValuesAreAbsentAsInMultus() {
        MultusNetworks m = MultusNetworks.parse(Map.of(MULTUS_DEFAULT_NETWORK, "", MULTUS_NETWORKS, " "));
        assertThat(m).isEqualTo(MultusNetworks.none());
        assertThat(MultusNetworks.parse(null)).isEqualTo(MultusNetworks.none());
    }

    @Test
    void findsTheNetworkOfAnAdditionalNic() {
        MultusNetworks m = parse(MULTUS_NETWORKS, "a, ns/b@data0, c");
        assertThat(m.forInterface("net1")).contains(sel(null, "a", null));
        assertThat(m.forInterface("data0")).contains(sel("ns", "b", "data0"));
        // an interface named explicitly is no longer reachable under its default name
        assertThat(m.forInterface("net2")).isEmpty();
        assertThat(m.forInterface("net3")).contains(sel(null, "c", null));
        // NICs addressed by position (unnamed ippools items) count from 1 for the additional NICs
        assertThat(m.forInterface("2")).contains(sel("ns", "b", "data0"));
        assertThat(m.forInterface("net9")).isEmpty();
    }

    @Test
    void qualifiedNameFillsTheDefaultNamespace() {
        assertThat(sel(null, "a", null).qualifiedName("spiderpool")).isEqualTo("spiderpool/a");
        assertThat(sel("ns1", "a", null).qualifiedName("spiderpool")).isEqualTo("ns1/a");
    }

    @Test
    void isPartOfThePodAnnotations() {
        PodIpamAnnotations a = PodIpamAnnotations.parse(Map.of(MULTUS_NETWORKS, "ns1/a"));
        assertThat(a.multus().networks()).isEqualTo(List.of(sel("ns1", "a", null)));
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(MULTUS_DEFAULT_NETWORK, "a,b", "it names 2 networks; the default network is exactly one"),
                arguments(MULTUS_DEFAULT_NETWORK, "[{\"name\":\"a\"},{\"name\":\"b\"}]", "it names 2 networks"),
                arguments(MULTUS_NETWORKS, "a/b/c", "item 1: \"a/b/c\" has more than one '/'; write namespace/name@interface"),
                arguments(MULTUS_NETWORKS, "ns/a@x@y", "item 1: \"ns/a@x@y\" has more than one '@'"),
                arguments(MULTUS_NETWORKS, "ok,Net1", "item 2: \"Net1\" is not a valid name: use lower-case letters, digits and '-'"),
                arguments(MULTUS_NETWORKS, "ns_1/a", "item 1: \"ns_1\" is not a valid name"),
                arguments(MULTUS_NETWORKS, "a,,b", "item 2: no network name is given; write namespace/name@interface and remove stray commas"),
                arguments(MULTUS_NETWORKS, "ns/@net1", "item 1: no network name is given"),
                arguments(MULTUS_NETWORKS, "a@a-very-long-nic-name", "item 1: \"a-very-long-nic-name\" is not a valid interface name"),
                arguments(MULTUS_NETWORKS, "{\"name\":\"a\"}", "it must be a comma list like \"ns1/net1@net1,net2\" or a JSON array like"),
                arguments(MULTUS_NETWORKS, "[{\"name\":\"a\"", "it is not valid JSON ("),
                arguments(MULTUS_NETWORKS, "[\"a\"]", "item 1: must be an object like {\"name\":\"net1\"}, not \"a\""),
                arguments(MULTUS_NETWORKS, "[{\"namespace\":\"ns\"}]", "item 1: \"name\" is missing; name the NetworkAttachmentDefinition"),
                arguments(MULTUS_NETWORKS, "[{\"name\":\"a\",\"interface\":1}]", "item 1: \"interface\" must be a string in quotes, not 1"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("rejected")
    void rejects(String key, String value, String fragment) {
        assertRejects(MultusNetworks::parse, key, value, fragment);
    }
}
