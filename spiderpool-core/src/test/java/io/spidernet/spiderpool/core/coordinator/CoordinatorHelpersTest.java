package io.spidernet.spiderpool.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.JsonReader;
import io.spidernet.spiderpool.core.ip.IpAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoordinatorHelpersTest {

    @ParameterizedTest
    @CsvSource({
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, veth0123456789a",
        "0123456789a, veth0123456789a",
        "abc, vethabc"})
    void hostVethIsVethAndElevenCharactersOfTheContainerIdAtMostFifteenInAll(String containerId, String name) {
        assertThat(HostInterfaces.vethNameFor(containerId)).isEqualTo(name).hasSizeLessThanOrEqualTo(15);
    }

    @ParameterizedTest
    @CsvSource({
        "lo, true", "docker0, true", "cbr0, true", "dummy0, true", "virbr0, true", "lxcbr0, true",
        "veth0123456789a, true", "cali12345, true", "flannel.1, true", "kube-ipvs0, true", "cni0, true",
        "vx-submariner, true", "cilium_host, true", "ens3, false", "eth0, false", "bond0.100, false",
        "lo1, false", "br-ex, false"})
    void excludesContainerOverlayAndVethLinksFromTheNodesAddresses(String link, boolean excluded) {
        assertThat(HostInterfaces.isExcluded(link)).isEqualTo(excluded);
    }

    @ParameterizedTest
    @CsvSource({
        "0a:1b, 192.0.2.10, 0a:1b:c0:00:02:0a",
        "0A:1B, 10.0.0.1, 0a:1b:0a:00:00:01",
        "0a:1b, 0.1.2.3, 0a:1b:00:01:02:03",
        "0a:1b, 2001:db8::aa:bbcc:dd01, 0a:1b:bb:cc:dd:01"})
    void macIsThePrefixThenTheLow32BitsOfTheIp(String prefix, String ip, String mac) {
        assertThat(PodMac.fromPrefix(prefix, IpAddress.parse(ip))).isEqualTo(mac);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\": 1, \"prevResult\": {\"x\": [1, 2]} , \"b\": 2}|prevResult|{\"x\": [1, 2]}",
        "{\"prevResult\":{\"s\":\"}\\\"\"}}|prevResult|{\"s\":\"}\\\"\"}",
        "{\"a\": {\"prevResult\": 1}}|prevResult|",
        "{\"a\": 1.50e1}|a|1.50e1"})
    void rawMemberIsTheTopLevelValueExactlyAsWritten(String json, String key, String raw) {
        assertThat(JsonReader.rawMember(json, key)).isEqualTo(raw);
    }
}
