package io.spidernet.spiderpool.core.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link IpSet#ofLongs} gives what {@link IpSet#ofAddresses} gives, by bitmap (dense) and by sort (sparse). */
class IpSetOfLongsTest {
    private final Random rnd = new Random(15);

    @Test
    void agreesWithOfAddressesForDenseAndSparseValues() {
        for (int c = 0; c < 2_000; c++) {
            int n = rnd.nextInt(300);
            long spread = switch (c % 4) {
                case 0 -> 70;              // runs and duplicates, one or two bitmap words
                case 1 -> 5_000;           // scattered within a pool
                case 2 -> 1L << 24;        // too sparse for the bitmap: sorted
                default -> 1L << 32;       // the whole family, up to 255.255.255.255
            };
            long base = c % 4 == 3 ? 0 : rnd.nextLong(0xffffffffL - spread);
            long[] values = new long[n];
            List<IpAddress> addresses = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values[i] = Math.min(0xffffffffL, base + rnd.nextLong(spread));
                addresses.add(IpAddress.of(IpFamily.V4, BigInteger.valueOf(values[i])));
            }
            assertThat(IpSet.ofLongs(IpFamily.V4, values)).as("case %d %s", c, addresses)
                    .isEqualTo(IpSet.ofAddresses(IpFamily.V4, addresses));
        }
    }

    @Test
    void runsEndingOnWordEdgesAndTheFamilyEdges() {
        long[] values = {0, 1, 62, 63, 64, 127, 128, 0xffffffffL, 0xfffffffeL};
        assertThat(IpSet.ofLongs(IpFamily.V4, values).toStrings())
                .containsExactly("0.0.0.0-0.0.0.1", "0.0.0.62-0.0.0.64", "0.0.0.127-0.0.0.128", "255.255.255.254-255.255.255.255");
        assertThat(IpSet.ofLongs(IpFamily.V4, new long[] {10, 11, 12}).toStrings()).containsExactly("0.0.0.10-0.0.0.12");
        assertThat(IpSet.ofLongs(IpFamily.V4, new long[0]).isEmpty()).isTrue();
    }

    @Test
    void refusesValuesOutsideTheFamily() {
        assertThatThrownBy(() -> IpSet.ofLongs(IpFamily.V4, new long[] {1L << 32}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv4");
        assertThatThrownBy(() -> IpSet.ofLongs(IpFamily.V4, new long[] {-1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
