package io.spidernet.spiderpool.core.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressTest {

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({
        "10.0.0.1, 10.0.0.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "::, ::",
        "::1, ::1",
        "FD00:0:0:0:0:0:0:1, fd00::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "fd00::, fd00::",
        "::ffff:10.0.0.1, ::ffff:a00:1",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    })
    void parsesAndPrintsCanonically(String in, String out) {
        assertThat(IpAddress.parse(in).toString()).isEqualTo(out);
        assertThat(IpAddress.parse(out)).isEqualTo(IpAddress.parse(in));
    }

    @ParameterizedTest(name = "''{0}'' is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0       | four dot-separated numbers",
        "10.0.0.256   | above 255",
        "10.0.0.01    | leading zero",
        "10.0.0.a     | not a number",
        "1::2::3      | may appear only once",
        "1:2:3:4:5:6:7| eight groups",
        "1:2:3:4:5:6:7:8:9 | eight groups",
        "12345::      | 1 to 4 hex digits",
        "fe80::1%eth0 | zone index",
        "fd00::g      | not hexadecimal",
        "10.0.0.1/24  | is not an IP address",
    })
    void rejectsWhatGoRejects(String in, String why) {
        assertThatThrownBy(() -> IpAddress.parse(in)).isInstanceOf(IpFormatException.class)
                .hasMessageContaining("'" + in + "'").hasMessageContaining(why);
    }

    @Test
    void familyMismatchNamesBoth() {
        assertThatThrownBy(() -> IpAddress.parse("fd00::1", IpFamily.V4))
                .hasMessage("'fd00::1' is an IPv6 address, expected IPv4");
    }

    @Test
    void randomIpv6ValuesRoundTrip() {
        Random rnd = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            // sparse values so zero runs of every length occur
            BigInteger v = BigInteger.ZERO;
            for (int g = 0; g < 8; g++) {
                v = v.shiftLeft(16).or(BigInteger.valueOf(rnd.nextInt(3) == 0 ? rnd.nextInt(0x10000) : 0));
            }
            IpAddress ip = IpAddress.of(IpFamily.V6, v);
            assertThat(IpAddress.parse(ip.toString())).isEqualTo(ip);
            assertThat(ip.toString()).doesNotContain(":::").doesNotContainPattern("(^|:)0[0-9a-f]");
        }
    }

    @Test
    void ordersByFamilyThenValue() {
        assertThat(IpAddress.parse("10.0.0.2")).isGreaterThan(IpAddress.parse("10.0.0.1"));
        assertThat(IpAddress.parse("::1")).isGreaterThan(IpAddress.parse("255.255.255.255"));
    }
}
