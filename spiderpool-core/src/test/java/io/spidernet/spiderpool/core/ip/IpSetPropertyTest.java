package io.spidernet.spiderpool.core.ip;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * IpSet against a BitSet over a small universe: every operation must agree with plain set
 * arithmetic on single addresses, for random range lists (overlapping, adjacent, duplicated).
 */
class IpSetPropertyTest {
    private static final int UNIVERSE = 200;
    private static final int CASES = 3_000;

    private final Random rnd = new Random(2026);

    @Test
    void operationsAgreeWithBitSetArithmetic() {
        for (int i = 0; i < CASES; i++) {
            IpFamily family = rnd.nextBoolean() ? IpFamily.V4 : IpFamily.V6;
            BigInteger base = family == IpFamily.V4 ? BigInteger.valueOf(0x0a000000L)
                    : new BigInteger("fd000000000000000000000000000000", 16);
            BitSet a = new BitSet();
            BitSet b = new BitSet();
            IpSet sa = randomSet(family, base, a);
            IpSet sb = randomSet(family, base, b);
            String ctx = "case " + i + " a=" + sa + " b=" + sb;

            assertSame(sa.union(sb), or(a, b), family, base, ctx + " union");
            assertSame(sa.intersect(sb), and(a, b), family, base, ctx + " intersect");
            assertSame(sa.subtract(sb), andNot(a, b), family, base, ctx + " subtract");
            assertThat(sa.overlaps(sb)).as(ctx).isEqualTo(a.intersects(b));
            assertThat(sa.containsAll(sb)).as(ctx).isEqualTo(andNot(b, a).isEmpty());
            int lowest = andNot(a, b).nextSetBit(0);
            assertThat(sa.lowestNotIn(sb).map(ip -> ip.value().subtract(base).intValueExact()).orElse(-1))
                    .as(ctx + " lowestNotIn").isEqualTo(lowest);
            for (int k = 0; k < UNIVERSE; k += 7) {
                assertThat(sa.contains(IpAddress.of(family, base.add(BigInteger.valueOf(k))))).as(ctx).isEqualTo(a.get(k));
            }
            // the normalised text form parses back to the same set and is already normal
            assertThat(IpSet.parse(family, sa.toStrings())).as(ctx).isEqualTo(sa);
            assertThat(IpSet.parse(family, sa.toStrings()).toStrings()).isEqualTo(sa.toStrings());
        }
    }

    @Test
    void addingAndRemovingSingleAddressesAgreesWithBitSet() {
        for (int i = 0; i < 300; i++) {
            IpFamily family = rnd.nextBoolean() ? IpFamily.V4 : IpFamily.V6;
            BigInteger base = family == IpFamily.V4 ? BigInteger.valueOf(0x0a000000L) : BigInteger.TWO.pow(120);
            BitSet bits = new BitSet();
            IpSet set = randomSet(family, base, bits);
            List<IpAddress> added = new ArrayList<>();
            for (int op = 0; op < 200; op++) {
                int k = rnd.nextInt(UNIVERSE);
                IpAddress ip = IpAddress.of(family, base.add(BigInteger.valueOf(k)));
                if (rnd.nextBoolean()) {
                    set = set.with(ip);
                    bits.set(k);
                    added.add(ip);
                } else {
                    set = set.without(ip);
                    bits.clear(k);
                }
                assertSame(set, bits, family, base, "case " + i + " op " + op + " on " + ip);
            }
            assertThat(IpSet.ofAddresses(family, added)).isEqualTo(IpSet.of(family, added.stream().map(IpRange::single).toList()));
        }
    }

    @Test
    void normalisesToSortedCoalescedRanges() {
        IpSet s = IpSet.parse(IpFamily.V4, List.of("10.0.0.20", "10.0.0.1-10.0.0.5", "10.0.0.6", "10.0.0.3-10.0.0.4", "10.0.0.21"));
        assertThat(s.toStrings()).containsExactly("10.0.0.1-10.0.0.6", "10.0.0.20-10.0.0.21");
        assertThat(s.size()).isEqualTo(BigInteger.valueOf(8));
    }

    @Test
    void hugeIpv6SetsAreCountedAndSearchedWithoutEnumeration() {
        IpSet s64 = IpSet.parse(IpFamily.V6, List.of("fd00::-fd00::ffff:ffff:ffff:ffff"));
        IpSet taken = IpSet.parse(IpFamily.V6, List.of("fd00::-fd00::ffff:ffff:fffe"));
        assertThat(s64.size()).isEqualTo(BigInteger.TWO.pow(64));
        assertThat(s64.lowestNotIn(taken).orElseThrow().toString()).isEqualTo("fd00::ffff:ffff:ffff");
        assertThat(s64.subtract(taken).size()).isEqualTo(BigInteger.TWO.pow(64).subtract(BigInteger.TWO.pow(48)).add(BigInteger.ONE));
    }

    private IpSet randomSet(IpFamily family, BigInteger base, BitSet bits) {
        List<IpRange> ranges = new ArrayList<>();
        for (int n = rnd.nextInt(6); n > 0; n--) {
            int from = rnd.nextInt(UNIVERSE);
            int to = Math.min(UNIVERSE - 1, from + rnd.nextInt(rnd.nextBoolean() ? 3 : 40));
            bits.set(from, to + 1);
            ranges.add(new IpRange(IpAddress.of(family, base.add(BigInteger.valueOf(from))),
                    IpAddress.of(family, base.add(BigInteger.valueOf(to)))));
        }
        return IpSet.of(family, ranges);
    }

    private static void assertSame(IpSet set, BitSet bits, IpFamily family, BigInteger base, String ctx) {
        BitSet actual = new BitSet();
        for (IpAddress ip : set) {
            actual.set(ip.value().subtract(base).intValueExact());
        }
        assertThat(actual).as(ctx).isEqualTo(bits);
        assertThat(set.size()).as(ctx).isEqualTo(BigInteger.valueOf(bits.cardinality()));
        List<IpRange> r = set.ranges();
        for (int i = 1; i < r.size(); i++) {
            // disjoint and non-adjacent: a gap of at least one address between ranges
            assertThat(r.get(i).first().value().subtract(r.get(i - 1).last().value())).as(ctx).isGreaterThan(BigInteger.ONE);
        }
        assertThat(set.family()).isEqualTo(family);
    }

    private static BitSet or(BitSet a, BitSet b) {
        BitSet c = (BitSet) a.clone();
        c.or(b);
        return c;
    }

    private static BitSet and(BitSet a, BitSet b) {
        BitSet c = (BitSet) a.clone();
        c.and(b);
        return c;
    }

    private static BitSet andNot(BitSet a, BitSet b) {
        BitSet c = (BitSet) a.clone();
        c.andNot(b);
        return c;
    }
}
