package io.spidernet.spiderpool.core.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CniErrorTest {

    static Stream<Arguments> wellKnownCodes() {
        return Stream.of(
                Arguments.of(new CniError.IncompatibleVersion("m", ""), 1),
                Arguments.of(new CniError.UnsupportedField("m", ""), 2),
                Arguments.of(new CniError.UnknownContainer("m", ""), 3),
                Arguments.of(new CniError.InvalidEnvironment("m", ""), 4),
                Arguments.of(new CniError.IoFailure("m", ""), 5),
                Arguments.of(new CniError.DecodingFailure("m", ""), 6),
                Arguments.of(new CniError.InvalidNetworkConfig("m", ""), 7),
                Arguments.of(new CniError.TryAgainLater("m", ""), 11),
                Arguments.of(new CniError.PluginNotAvailable("m", ""), 50));
    }

    @ParameterizedTest
    @MethodSource("wellKnownCodes")
    void eachKindHasTheSpecsCode(CniError error, int code) {
        assertThat(error.code()).isEqualTo(code);
    }

    @Test
    void coversEverySubclassOnceSoNoCodeIsShared() {
        Set<Class<?>> covered = new HashSet<>();
        wellKnownCodes().forEach(a -> covered.add(a.get()[0].getClass()));
        covered.add(CniError.Spiderpool.class);
        assertThat(CniError.class.getPermittedSubclasses()).containsExactlyInAnyOrderElementsOf(covered);
    }

    @Test
    void pluginCodesAreDistinctAndAboveTheReservedRange() {
        Set<Integer> codes = new HashSet<>();
        for (SpiderpoolErrorKind kind : EnumSet.allOf(SpiderpoolErrorKind.class)) {
            assertThat(kind.code()).isGreaterThanOrEqualTo(100);
            assertThat(codes.add(kind.code())).as("code %d used twice", kind.code()).isTrue();
            assertThat(kind.remedy()).isNotBlank();
        }
    }

    @Test
    void rendersTheSpecsErrorObject() {
        CniError e = new CniError.InvalidNetworkConfig("\"ipam.clean_gateway\" must be a boolean, but it is the string \"yes\"",
                "write true or false, without quotes");

        assertThat(e.toJson("0.4.0")).isEqualTo("{\"cniVersion\":\"0.4.0\",\"code\":7,"
                + "\"msg\":\"\\\"ipam.clean_gateway\\\" must be a boolean, but it is the string \\\"yes\\\"\","
                + "\"details\":\"write true or false, without quotes\"}");
        assertThat(e.getMessage()).isEqualTo(e.msg() + "; " + e.details());
    }

    @Test
    void leavesOutEmptyDetailsAsLibcniDoes() {
        CniError e = new CniError.TryAgainLater("spiderpool-agent is starting", null);

        assertThat(e.toJson("1.0.0")).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"spiderpool-agent is starting\"}");
        assertThat(e.getMessage()).isEqualTo("spiderpool-agent is starting");
    }

    @Test
    void spiderpoolErrorsTakeCodeAndSummaryFromTheKindAndEndWithTheRemedy() {
        CniError e = new CniError.Spiderpool(SpiderpoolErrorKind.IP_USED_OUT, "pool default-v4-ippool has 0 free of 254");

        assertThat(e.code()).isEqualTo(101);
        assertThat(e.toJson("1.0.0")).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":101,\"msg\":\"all IP addresses used out\","
                + "\"details\":\"pool default-v4-ippool has 0 free of 254; " + SpiderpoolErrorKind.IP_USED_OUT.remedy() + "\"}");
        assertThat(new CniError.Spiderpool(SpiderpoolErrorKind.INTERNAL, "").details())
                .isEqualTo(SpiderpoolErrorKind.INTERNAL.remedy());
    }

    @Test
    void switchesExhaustivelyOverTheSealedType() {
        CniError e = new CniError.UnknownContainer("gone", "");
        String kind = switch (e) {
            case CniError.IncompatibleVersion v -> "version";
            case CniError.UnsupportedField f -> "field";
            case CniError.UnknownContainer c -> "container";
            case CniError.InvalidEnvironment v -> "env";
            case CniError.IoFailure i -> "io";
            case CniError.DecodingFailure d -> "decode";
            case CniError.InvalidNetworkConfig c -> "config";
            case CniError.TryAgainLater t -> "retry";
            case CniError.PluginNotAvailable n -> "status";
            case CniError.Spiderpool s -> "plugin";
        };
        assertThat(kind).isEqualTo("container");
    }
}
