package io.spidernet.spiderpool.core.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrAndRangeTest {

    @ParameterizedTest(name = "{0}: canonical={1}, canonical form {2}, size {3}")
    @CsvSource({
        "10.0.0.0/24, true, 10.0.0.0/24, 256",
        "10.0.0.1/24, false, 10.0.0.0/24, 256",
        "172.31.199.193/20, false, 172.31.192.0/20, 4096",
        "0.0.0.0/0, true, 0.0.0.0/0, 4294967296",
        "10.1.1.1/32, true, 10.1.1.1/32, 1",
        "fd00::/64, true, fd00::/64, 18446744073709551616",
        "fd00::1/64, false, fd00::/64, 18446744073709551616",
        "::/0, true, ::/0, 340282366920938463463374607431768211456",
    })
    void canonicalFormAndSize(String in, boolean canonical, String canonicalForm, String size) {
        Cidr c = Cidr.parse(in);
        assertThat(c.isCanonical()).isEqualTo(canonical);
        assertThat(c.canonical().toString()).isEqualTo(canonicalForm);
        assertThat(c.size()).isEqualTo(new BigInteger(size));
        assertThat(c.toString()).isEqualTo(in);
    }

    @ParameterizedTest(name = "''{0}'' is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0     | no '/prefix' part",
        "10.0.0.0/33  | at most 32",
        "fd00::/129   | at most 128",
        "10.0.0.0/-1  | not a prefix length",
        "10.0.0.0/08  | not a prefix length",
        "10.0.0.0/    | not a prefix length",
    })
    void rejectsBadCidrs(String in, String why) {
        assertThatThrownBy(() -> Cidr.parse(in)).isInstanceOf(IpFormatException.class).hasMessageContaining(why);
    }

    @Test
    void containsAndOverlaps() {
        Cidr c = Cidr.parse("10.0.0.0/24");
        assertThat(c.contains(IpAddress.parse("10.0.0.255"))).isTrue();
        assertThat(c.contains(IpAddress.parse("10.0.1.0"))).isFalse();
        assertThat(c.contains(IpAddress.parse("::1"))).isFalse();
        assertThat(c.overlaps(Cidr.parse("10.0.0.128/25"))).isTrue();
        assertThat(c.overlaps(Cidr.parse("10.0.1.0/24"))).isFalse();
        assertThat(c.overlaps(Cidr.parse("fd00::/8"))).isFalse();
    }

    @ParameterizedTest(name = "range ''{0}'' → {1} addresses, printed {2}")
    @CsvSource({
        "10.0.0.1, 1, 10.0.0.1",
        "10.0.0.1-10.0.0.10, 10, 10.0.0.1-10.0.0.10",
        "10.0.0.5-10.0.0.5, 1, 10.0.0.5",
        "fd00::1-fd00::ff, 255, fd00::1-fd00::ff",
    })
    void parsesRanges(String in, long size, String printed) {
        IpRange r = IpRange.parse(in);
        assertThat(r.size()).isEqualTo(BigInteger.valueOf(size));
        assertThat(r.toString()).isEqualTo(printed);
    }

    @ParameterizedTest(name = "range ''{0}'' is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.9-10.0.0.1 | ends before it starts (write 10.0.0.1-10.0.0.9)",
        "10.0.0.1-fd00::1  | mixes IPv4 and IPv6",
        "10.0.0.1-         | it is empty",
        "10.0.0.0/24       | not a number",
    })
    void rejectsBadRanges(String in, String why) {
        assertThatThrownBy(() -> IpRange.parse(in)).isInstanceOf(IpFormatException.class).hasMessageContaining(why);
    }
}
