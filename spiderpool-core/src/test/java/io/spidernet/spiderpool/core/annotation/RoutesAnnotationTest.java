package io.spidernet.spiderpool.core.annotation;

import static io.spidernet.spiderpool.core.annotation.Rejections.assertPodRejects;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.ROUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoutesAnnotationTest {

    private static List<CustomRoute> routes(String value) {
        return PodIpamAnnotations.parse(Map.of(ROUTES, value)).routes();
    }

    @Test
    void parsesRoutesOfBothFamiliesInOrder() {
        List<CustomRoute> r = routes("[{\"dst\":\"10.0.0.0/16\",\"gw\":\"192.168.1.1\"},"
                + "{\"dst\":\"fd00:1::/64\",\"gw\":\"fd00::1\"}]");
        assertThat(r).containsExactly(
                new CustomRoute(Cidr.parse("10.0.0.0/16"), IpAddress.parse("192.168.1.1")),
                new CustomRoute(Cidr.parse("fd00:1::/64"), IpAddress.parse("fd00::1")));
        assertThat(r).extracting(CustomRoute::family).containsExactly(IpFamily.V4, IpFamily.V6);
    }

    @Test
    void clearsHostBitsOfTheDestinationAsTheKernelWould() {
        assertThat(routes("[{\"dst\":\"10.1.2.3/16\",\"gw\":\"10.1.0.1\"}]").getFirst().dst())
                .hasToString("10.1.0.0/16");
    }

    @Test
    void emptyArrayAndAbsentAnnotationMeanNoRoutes() {
        assertThat(routes("[]")).isEmpty();
        assertThat(PodIpamAnnotations.none().routes()).isEmpty();
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("", "it is empty; write a JSON array like [{\"dst\":\"10.0.0.0/16\",\"gw\":\"192.168.1.1\"}]"),
                arguments("[{\"dst\":\"10.0.0.0/16\",\"gw\":\"192.168.1.1\"}", "it is not valid JSON ("),
                arguments("{\"dst\":\"10.0.0.0/16\",\"gw\":\"192.168.1.1\"}", "it must be a JSON array like"),
                arguments("[\"10.0.0.0/16 via 192.168.1.1\"]", "item 1: must be an object like"),
                arguments("[{\"gw\":\"192.168.1.1\"}]", "item 1: \"dst\" is missing; add it, e.g. \"dst\":\"10.0.0.0/16\""),
                arguments("[{\"dst\":\"10.0.0.0/16\"}]", "item 1: \"gw\" is missing; add it"),
                arguments("[{\"dst\":\"10.0.0.0/16\",\"via\":\"192.168.1.1\"}]",
                        "item 1: unknown field \"via\"; the fields are \"dst\" and \"gw\""),
                arguments("[{\"dst\":16,\"gw\":\"192.168.1.1\"}]", "item 1: \"dst\" must be a string in quotes, not 16"),
                arguments("[{\"dst\":\"10.0.0.0\",\"gw\":\"192.168.1.1\"}]",
                        "item 1: \"dst\" '10.0.0.0' is not a CIDR: it has no '/prefix' part; write a CIDR like 10.0.0.0/16"),
                arguments("[{\"dst\":\"10.0.0.0/33\",\"gw\":\"192.168.1.1\"}]", "item 1: \"dst\" '10.0.0.0/33' is not a CIDR"),
                arguments("[{\"dst\":\"10.0.0.0/16\",\"gw\":\"192.168.1.300\"}]",
                        "item 1: \"gw\" '192.168.1.300' is not an IP address: 300 is above 255; write an address like"),
                arguments("[{\"dst\":\"10.0.0.0/16\",\"gw\":\"10.0.0.1\"},{\"dst\":\"10.0.0.0/16\",\"gw\":\"fd00::1\"}]",
                        "item 2: \"dst\" 10.0.0.0/16 is IPv4 but \"gw\" fd00::1 is IPv6; a route needs a gateway of the destination's family"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejects(String value, String fragment) {
        assertPodRejects(ROUTES, value, fragment);
    }
}
