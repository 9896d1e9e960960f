package io.spidernet.spiderpool.core.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.ip.IpAddress;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CniArgsTest {

    @ParameterizedTest
    @NullAndEmptySource
    void absentArgsAreEmpty(String args) {
        assertThat(CniArgs.parse(args)).isEqualTo(CniArgs.EMPTY);
    }

    @Test
    void readsWhatKubeletSends() {
        CniArgs args = CniArgs.parse("IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0;"
                + "K8S_POD_INFRA_CONTAINER_ID=9f3c1e;K8S_POD_UID=5a0e6c1e-3b0c-4a57-9c1f-0b3c8c3f1d2e");

        assertThat(args).isEqualTo(new CniArgs("web-0", "default", "9f3c1e",
                "5a0e6c1e-3b0c-4a57-9c1f-0b3c8c3f1d2e", null, true, Map.of()));
    }

    @Test
    void keepsUnknownKeysInOrderAndAllowsEmptyValues() {
        CniArgs args = CniArgs.parse("Z=1;K8S_POD_NAME=;A=;k8s_pod_name=lower");

        assertThat(args.podName()).isEmpty();
        assertThat(args.ignoreUnknown()).isFalse();
        assertThat(args.unknown()).containsExactly(Map.entry("Z", "1"), Map.entry("A", ""),
                Map.entry("k8s_pod_name", "lower"));
    }

    static Stream<Arguments> ips() {
        return Stream.of(
                Arguments.of("IP=10.6.1.20", IpAddress.parse("10.6.1.20")),
                Arguments.of("IP=fd00:6::14", IpAddress.parse("fd00:6::14")),
                Arguments.of("IP=", null));
    }

    @ParameterizedTest
    @MethodSource("ips")
    void readsTheRequestedIp(String args, IpAddress expected) {
        assertThat(CniArgs.parse(args).ip()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1,true", "true,true", "True,true", "TRUE,true", "0,false", "false,false", "False,false"})
    void acceptsLibcniSpellingsOfIgnoreUnknown(String value, boolean expected) {
        assertThat(CniArgs.parse("IgnoreUnknown=" + value).ignoreUnknown()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"K8S_POD_NAME", "=web-0", "A=b=c", "K8S_POD_NAME=web-0;", ";K8S_POD_NAME=web-0",
        "A=1;;B=2"})
    void refusesMalformedPairsWithCode4NamingThePair(String args) {
        String bad = badPair(args);
        assertThatThrownBy(() -> CniArgs.parse(args))
                .isInstanceOfSatisfying(CniError.InvalidEnvironment.class, e -> {
                    assertThat(e.code()).isEqualTo(4);
                    assertThat(e.msg()).isEqualTo("CNI_ARGS has an invalid pair \"" + bad + "\"");
                    assertThat(e.details()).contains("KEY=VALUE");
                });
    }

    private static String badPair(String args) {
        for (String pair : args.split(";", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.indexOf('=', eq + 1) >= 0) {
                return pair;
            }
        }
        throw new AssertionError("no bad pair in " + args);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "IP=10.6.1.256|CNI_ARGS pair \"IP=10.6.1.256\" is not a valid IP",
        "IP=10.6.1.0/24|CNI_ARGS pair \"IP=10.6.1.0/24\" is not a valid IP",
        "IgnoreUnknown=yes|CNI_ARGS pair \"IgnoreUnknown=yes\" is not a boolean"})
    void refusesBadValuesWithCode4NamingThePair(String args, String msgStart) {
        assertThatThrownBy(() -> CniArgs.parse(args))
                .isInstanceOfSatisfying(CniError.InvalidEnvironment.class, e -> {
                    assertThat(e.code()).isEqualTo(4);
                    assertThat(e.msg()).startsWith(msgStart);
                    assertThat(e.details()).isNotEmpty();
                });
    }
}
