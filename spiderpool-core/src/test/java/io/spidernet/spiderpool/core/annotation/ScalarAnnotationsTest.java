package io.spidernet.spiderpool.core.annotation;

import static io.spidernet.spiderpool.core.annotation.Rejections.assertPodRejects;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.DEFAULT_ROUTE_NIC;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOL_IP_NUMBER;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOL_RECLAIM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The single-value pod annotations: auto-pool size, auto-pool reclaim and the default-route NIC. */
class ScalarAnnotationsTest {

    private static PodIpamAnnotations pod(String key, String value) {
        return PodIpamAnnotations.parse(Map.of(key, value));
    }

    @Test
    void ipNumberIsFixedOrFlexible() {
        assertThat(pod(IPPOOL_IP_NUMBER, "3").poolIpNumber()).contains(new PoolIpNumber.Fixed(3));
        assertThat(pod(IPPOOL_IP_NUMBER, "0").poolIpNumber()).contains(new PoolIpNumber.Fixed(0));
        assertThat(pod(IPPOOL_IP_NUMBER, "+2").poolIpNumber()).contains(new PoolIpNumber.Flexible(2));
        assertThat(pod(IPPOOL_IP_NUMBER, "+0").poolIpNumber()).contains(new PoolIpNumber.Flexible(0));
        assertThat(PodIpamAnnotations.none().poolIpNumber()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"5", "+1", "+0", "0"})
    void ipNumberWritesBackWhatItRead(String value) {
        assertThat(PoolIpNumber.parse(value).annotationValue()).isEqualTo(value);
    }

    @Test
    void reclaimDefaultsToTrueAndTakesGoBooleans() {
        assertThat(PodIpamAnnotations.none().reclaimPool()).isTrue();
        assertThat(pod(IPPOOL_RECLAIM, "false").reclaimPool()).isFalse();
        assertThat(pod(IPPOOL_RECLAIM, "true").reclaimPool()).isTrue();
        assertThat(pod(IPPOOL_RECLAIM, "False").reclaimPool()).isFalse();
        assertThat(pod(IPPOOL_RECLAIM, "0").reclaimPool()).isFalse();
    }

    @Test
    void defaultRouteNicIsKept() {
        assertThat(pod(DEFAULT_ROUTE_NIC, "net1").defaultRouteNic()).contains("net1");
        assertThat(PodIpamAnnotations.none().defaultRouteNic()).isEmpty();
    }

    static Stream<Arguments> rejected() {
        String numberHint = "; write \"N\" for exactly N IPs or \"+N\" for one IP per replica plus N";
        return Stream.of(
                arguments(IPPOOL_IP_NUMBER, "", "it is empty" + numberHint),
                arguments(IPPOOL_IP_NUMBER, "-1", "it is negative" + numberHint),
                arguments(IPPOOL_IP_NUMBER, "+-1", "it is negative"),
                arguments(IPPOOL_IP_NUMBER, "two", "it is not a number" + numberHint),
                arguments(IPPOOL_IP_NUMBER, "1.5", "it is not a number"),
                arguments(IPPOOL_IP_NUMBER, " 2", "it is not a number"),
                arguments(IPPOOL_IP_NUMBER, "++1", "it is not a number"),
                arguments(IPPOOL_IP_NUMBER, "+", "it is not a number"),
                arguments(IPPOOL_IP_NUMBER, "99999999999", "it is too large; a pool holds at most 2147483647 IPs"),
                arguments(IPPOOL_RECLAIM, "yes", "write \"true\" to delete the auto-created pool with its application"),
                arguments(IPPOOL_RECLAIM, "", "write \"true\""),
                arguments(DEFAULT_ROUTE_NIC, "", "the interface name is empty; name the NIC, e.g. \"eth0\""),
                arguments(DEFAULT_ROUTE_NIC, "eth 0", "\"eth 0\" is not a valid interface name"),
                arguments(DEFAULT_ROUTE_NIC, "this-is-a-long-nic", "use at most 15 characters without '/', ':' or spaces"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("rejected")
    void rejects(String key, String value, String fragment) {
        assertPodRejects(key, value, fragment);
    }
}
