package io.spidernet.spiderpool.core.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.error.IpamException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IpamErrorsTest {
    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(new IpamException.WrongInput("x listed twice"), 106),
                Arguments.of(new IpamException.NoAvailablePool("all refused", List.of("IPPool a: disabled")), 100),
                Arguments.of(new IpamException.IpUsedOut("none free", List.of("IPPool a: full")), 101),
                Arguments.of(new IpamException.RetriesExhausted("contended"), 104),
                Arguments.of(new IpamException.AutoPoolNotReady("pool not there yet"), 11));
    }

    @ParameterizedTest(name = "{0} → code {1}")
    @MethodSource("kinds")
    void everyKindHasItsCodeAndKeepsTheExplanation(IpamException e, int code) {
        CniError cni = IpamErrors.toCni(e);
        assertThat(cni.code()).isEqualTo(code);
        assertThat(cni.toJson("1.0.0")).contains(e.getMessage().substring(0, 10));
    }
}
