package io.spidernet.spiderpool.core.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden strings: the exact bytes a runtime gets, one per spec version. */
class IpamResultTest {

    private static final IpamResult DUAL_STACK = new IpamResult(
            List.of(IpamResult.Ip.of("10.6.1.20/24", "10.6.1.1"), IpamResult.Ip.of("fd00:6:0::14/64", "fd00:6::1")),
            List.of(IpamResult.Route.of("10.96.0.0/12", "10.6.1.1"), IpamResult.Route.of("::/0", null)),
            new IpamResult.Dns(List.of("10.96.0.10"), "cluster.local",
                    List.of("default.svc.cluster.local", "svc.cluster.local"), List.of("ndots:5")));

    private static final String DNS_JSON = "\"dns\":{\"nameservers\":[\"10.96.0.10\"],\"domain\":\"cluster.local\","
            + "\"search\":[\"default.svc.cluster.local\",\"svc.cluster.local\"],\"options\":[\"ndots:5\"]}}";

    private static final String ROUTES_JSON = "\"routes\":[{\"dst\":\"10.96.0.0/12\",\"gw\":\"10.6.1.1\"},{\"dst\":\"::/0\"}],";

    static Stream<Arguments> goldens() {
        String v0x = "\"ips\":[{\"version\":\"4\",\"address\":\"10.6.1.20/24\",\"gateway\":\"10.6.1.1\"},"
                + "{\"version\":\"6\",\"address\":\"fd00:6::14/64\",\"gateway\":\"fd00:6::1\"}],";
        String v1 = "\"ips\":[{\"address\":\"10.6.1.20/24\",\"gateway\":\"10.6.1.1\"},"
                + "{\"address\":\"fd00:6::14/64\",\"gateway\":\"fd00:6::1\"}],";
        return Stream.of(
                Arguments.of(CniVersion.V0_3_0, "{\"cniVersion\":\"0.3.0\"," + v0x + ROUTES_JSON + DNS_JSON),
                Arguments.of(CniVersion.V0_3_1, "{\"cniVersion\":\"0.3.1\"," + v0x + ROUTES_JSON + DNS_JSON),
                Arguments.of(CniVersion.V0_4_0, "{\"cniVersion\":\"0.4.0\"," + v0x + ROUTES_JSON + DNS_JSON),
                Arguments.of(CniVersion.V1_0_0, "{\"cniVersion\":\"1.0.0\"," + v1 + ROUTES_JSON + DNS_JSON));
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void rendersExactlyAsTheSpecVersionAsks(CniVersion version, String golden) {
        assertThat(DUAL_STACK.toJson(version)).isEqualTo(golden);
    }

    @Test
    void keepsAnEmptyDnsObjectAndLeavesOutEmptyListsAndMissingGateways() {
        IpamResult result = new IpamResult(List.of(IpamResult.Ip.of("10.6.1.20/24", null)), List.of(),
                IpamResult.Dns.EMPTY);

        assertThat(result.toJson(CniVersion.V0_3_1))
                .isEqualTo("{\"cniVersion\":\"0.3.1\",\"ips\":[{\"version\":\"4\",\"address\":\"10.6.1.20/24\"}],\"dns\":{}}");
        assertThat(new IpamResult(List.of(), List.of(), IpamResult.Dns.EMPTY).toJson(CniVersion.V1_0_0))
                .isEqualTo("{\"cniVersion\":\"1.0.0\",\"dns\":{}}");
    }

    @Test
    void writesTheInterfaceIndexBeforeTheAddressWhenGiven() {
        IpamResult result = new IpamResult(
                List.of(new IpamResult.Ip(Cidr.parse("10.6.1.20/24"), IpAddress.parse("10.6.1.1"), 0)), List.of(),
                new IpamResult.Dns(List.of(), "", List.of("svc.local"), List.of()));

        assertThat(result.toJson(CniVersion.V0_4_0)).isEqualTo("{\"cniVersion\":\"0.4.0\",\"ips\":[{\"version\":\"4\","
                + "\"interface\":0,\"address\":\"10.6.1.20/24\",\"gateway\":\"10.6.1.1\"}],\"dns\":{\"search\":[\"svc.local\"]}}");
        assertThat(result.toJson(CniVersion.V1_0_0)).isEqualTo("{\"cniVersion\":\"1.0.0\",\"ips\":[{"
                + "\"interface\":0,\"address\":\"10.6.1.20/24\",\"gateway\":\"10.6.1.1\"}],\"dns\":{\"search\":[\"svc.local\"]}}");
    }

    /** 1.1.0 adds optional route attributes only: the result an IPAM plugin prints keeps 1.0.0's shape. */
    @Test
    void printsA110ResultIn100sShape() {
        IpamResult result = new IpamResult(List.of(IpamResult.Ip.of("10.6.1.20/24", "10.6.1.1")),
                List.of(IpamResult.Route.of("10.96.0.0/12", "10.6.1.254")), IpamResult.Dns.EMPTY);

        assertThat(result.toJson(CniVersion.V1_1_0))
                .isEqualTo(result.toJson(CniVersion.V1_0_0).replace("\"1.0.0\"", "\"1.1.0\""))
                .isEqualTo("{\"cniVersion\":\"1.1.0\",\"ips\":[{\"address\":\"10.6.1.20/24\",\"gateway\":\"10.6.1.1\"}],"
                        + "\"routes\":[{\"dst\":\"10.96.0.0/12\",\"gw\":\"10.6.1.254\"}],\"dns\":{}}");
    }

    @Test
    void refusesMixedFamiliesAndNegativeIndexes() {
        assertThatThrownBy(() -> IpamResult.Ip.of("10.6.1.20/24", "fd00::1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("family");
        assertThatThrownBy(() -> IpamResult.Route.of("::/0", "10.6.1.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("family");
        assertThatThrownBy(() -> new IpamResult.Ip(Cidr.parse("10.6.1.20/24"), null, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isImmutable() {
        assertThatThrownBy(() -> DUAL_STACK.ips().add(IpamResult.Ip.of("10.0.0.1/8", null)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> DUAL_STACK.dns().search().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
