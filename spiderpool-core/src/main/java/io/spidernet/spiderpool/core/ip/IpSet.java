package io.spidernet.spiderpool.core.ip;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable set of addresses of one family, held as sorted, disjoint, non-adjacent ranges.
 * Every operation works on ranges, never on single addresses, so a /64 IPv6 pool costs the same
 * as a /24: nothing here enumerates a range unless the caller iterates.
 */
public final class IpSet implements Iterable<IpAddress> {
    private final IpFamily family;
    private final BigInteger[] lo;
    private final BigInteger[] hi;

    private IpSet(IpFamily family, BigInteger[] lo, BigInteger[] hi) {
        this.family = family;
        this.lo = lo;
        this.hi = hi;
    }

    public static IpSet empty(IpFamily family) {
        return new IpSet(family, new BigInteger[0], new BigInteger[0]);
    }

    public static IpSet of(IpFamily family, Collection<IpRange> ranges) {
        List<IpRange> sorted = new ArrayList<>(ranges);
        for (IpRange r : sorted) {
            if (r.family() != family) {
                throw new IllegalArgumentException("range " + r + " is not " + family);
            }
        }
        sorted.sort(null);
        List<BigInteger> l = new ArrayList<>();
        List<BigInteger> h = new ArrayList<>();
        for (IpRange r : sorted) {
            BigInteger a = r.first().value();
            BigInteger b = r.last().value();
            int n = h.size();
            if (n > 0 && a.compareTo(h.get(n - 1).add(BigInteger.ONE)) <= 0) {
                if (b.compareTo(h.get(n - 1)) > 0) {
                    h.set(n - 1, b);
                }
            } else {
                l.add(a);
                h.add(b);
            }
        }
        return new IpSet(family, l.toArray(BigInteger[]::new), h.toArray(BigInteger[]::new));
    }

    public static IpSet of(IpRange... ranges) {
        if (ranges.length == 0) {
            throw new IllegalArgumentException("cannot infer the family of an empty range list");
        }
        return of(ranges[0].family(), Arrays.asList(ranges));
    }

    /** Sorts raw values instead of range objects: ledgers hand in tens of thousands of addresses. */
    public static IpSet ofAddresses(IpFamily family, Collection<IpAddress> addresses) {
        BigInteger[] v = new BigInteger[addresses.size()];
        int n = 0;
        for (IpAddress a : addresses) {
            if (a.family() != family) {
                throw new IllegalArgumentException("address " + a + " is not " + family);
            }
            v[n++] = a.value();
        }
        Arrays.sort(v);
        List<BigInteger> l = new ArrayList<>();
        List<BigInteger> h = new ArrayList<>();
        for (BigInteger x : v) {
            int last = h.size() - 1;
            if (last >= 0 && x.compareTo(h.get(last).add(BigInteger.ONE)) <= 0) {
                h.set(last, h.get(last).max(x));
            } else {
                l.add(x);
                h.add(x);
            }
        }
        return new IpSet(family, l.toArray(BigInteger[]::new), h.toArray(BigInteger[]::new));
    }

    /**
     * Like {@link #ofAddresses} for raw values that fit a {@code long} (IPv4), without an object per
     * address: a ledger of thousands of addresses becomes a set on every allocation. Values close
     * together (a pool's range) are put in order through a bitmap of their span, else sorted.
     */
    public static IpSet ofLongs(IpFamily family, long[] values) {
        if (values.length == 0) {
            return empty(family);
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (min < 0 || BigInteger.valueOf(max).compareTo(family.maxValue()) > 0) {
            throw new IllegalArgumentException("values " + min + ".." + max + " are not all " + family);
        }
        List<BigInteger> l = new ArrayList<>(values.length);
        List<BigInteger> h = new ArrayList<>(values.length);
        long span = max - min + 1;
        if (span <= 64L * values.length + 65_536) { // the bitmap is at most one long per value, plus 8 KiB
            long[] bits = new long[(int) ((span + 63) >>> 6)];
            for (long v : values) {
                long o = v - min;
                bits[(int) (o >>> 6)] |= 1L << o;
            }
            long runStart = -1; // offset from min of the open run's first value, or -1
            for (int w = 0; w < bits.length; w++) {
                long word = bits[w];
                long base = (long) w << 6;
                int pos = 0; // the bits of this word below pos are accounted for
                while (pos < 64) {
                    if (runStart < 0) {
                        long rest = word >>> pos;
                        if (rest == 0) {
                            break;
                        }
                        pos += Long.numberOfTrailingZeros(rest);
                        runStart = base + pos;
                    } else {
                        long rest = ~word >>> pos;
                        if (rest == 0) {
                            break; // the run goes on into the next word
                        }
                        pos += Long.numberOfTrailingZeros(rest);
                        add(l, h, min + runStart, min + base + pos - 1);
                        runStart = -1;
                    }
                }
            }
            if (runStart >= 0) {
                add(l, h, min + runStart, max);
            }
        } else {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            int i = 0;
            while (i < sorted.length) {
                long first = sorted[i];
                long last = first;
                while (i + 1 < sorted.length && sorted[i + 1] <= last + 1) {
                    last = Math.max(last, sorted[++i]);
                }
                i++;
                add(l, h, first, last);
            }
        }
        return new IpSet(family, l.toArray(BigInteger[]::new), h.toArray(BigInteger[]::new));
    }

    private static void add(List<BigInteger> l, List<BigInteger> h, long first, long last) {
        BigInteger a = BigInteger.valueOf(first);
        l.add(a);
        h.add(first == last ? a : BigInteger.valueOf(last));
    }

    /**
     * Parses {@code ips}/{@code excludeIPs} entries ({@code a} or {@code a-b}) of one family.
     * Overlaps are allowed here; whether they are an error is the webhook's decision.
     */
    public static IpSet parse(IpFamily family, Collection<String> entries) {
        List<IpRange> ranges = new ArrayList<>();
        if (entries != null) {
            for (String e : entries) {
                ranges.add(IpRange.parse(e, family));
            }
        }
        return of(family, ranges);
    }

    public IpFamily family() {
        return family;
    }

    public boolean isEmpty() {
        return lo.length == 0;
    }

    /** Number of addresses; IPv6 sets go far beyond {@code long}. */
    public BigInteger size() {
        BigInteger s = BigInteger.ZERO;
        for (int i = 0; i < lo.length; i++) {
            s = s.add(hi[i].subtract(lo[i])).add(BigInteger.ONE);
        }
        return s;
    }

    public int rangeCount() {
        return lo.length;
    }

    public List<IpRange> ranges() {
        List<IpRange> out = new ArrayList<>(lo.length);
        for (int i = 0; i < lo.length; i++) {
            out.add(new IpRange(IpAddress.of(family, lo[i]), IpAddress.of(family, hi[i])));
        }
        return out;
    }

    /** The normalised manifest form: sorted, coalesced, {@code a} for one address, {@code a-b} for more. */
    public List<String> toStrings() {
        return ranges().stream().map(IpRange::toString).toList();
    }

    public boolean contains(IpAddress ip) {
        return ip.family() == family && indexOf(ip.value()) >= 0;
    }

    /** Index of the range holding {@code v}, or -1. */
    private int indexOf(BigInteger v) {
        int low = 0;
        int high = lo.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (lo[mid].compareTo(v) > 0) {
                high = mid - 1;
            } else if (hi[mid].compareTo(v) < 0) {
                low = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    public boolean containsAll(IpSet other) {
        return other.subtract(this).isEmpty();
    }

    public boolean overlaps(IpSet other) {
        return !intersect(other).isEmpty();
    }

    public Optional<IpAddress> first() {
        return isEmpty() ? Optional.empty() : Optional.of(IpAddress.of(family, lo[0]));
    }

    /**
     * The lowest address of this set that is not in {@code taken}. Because {@code taken} is
     * coalesced, one binary search per range of this set suffices: the address after a taken run
     * is free by construction.
     */
    public Optional<IpAddress> lowestNotIn(IpSet taken) {
        requireSameFamily(taken);
        for (int i = 0; i < lo.length; i++) {
            BigInteger c = lo[i];
            int t = taken.indexOf(c);
            if (t >= 0) {
                c = taken.hi[t].add(BigInteger.ONE);
            }
            if (c.compareTo(hi[i]) <= 0) {
                return Optional.of(IpAddress.of(family, c));
            }
        }
        return Optional.empty();
    }

    public IpSet union(IpSet other) {
        requireSameFamily(other);
        List<IpRange> all = new ArrayList<>(ranges());
        all.addAll(other.ranges());
        return of(family, all);
    }

    /** This set plus one address, in one array copy (allocation adds addresses one at a time). */
    public IpSet with(IpAddress ip) {
        requireFamily(ip);
        BigInteger v = ip.value();
        if (indexOf(v) >= 0) {
            return this;
        }
        int i = insertionPoint(v); // first range starting above v
        boolean joinLeft = i > 0 && hi[i - 1].add(BigInteger.ONE).equals(v);
        boolean joinRight = i < lo.length && lo[i].subtract(BigInteger.ONE).equals(v);
        if (joinLeft && joinRight) {
            BigInteger[] l = remove(lo, i);
            BigInteger[] h = remove(hi, i - 1);
            return new IpSet(family, l, h);
        }
        if (joinLeft || joinRight) {
            BigInteger[] l = lo.clone();
            BigInteger[] h = hi.clone();
            if (joinLeft) {
                h[i - 1] = v;
            } else {
                l[i] = v;
            }
            return new IpSet(family, l, h);
        }
        return new IpSet(family, insert(lo, i, v), insert(hi, i, v));
    }

    /** This set minus one address, splitting its range if needed. */
    public IpSet without(IpAddress ip) {
        requireFamily(ip);
        BigInteger v = ip.value();
        int i = indexOf(v);
        if (i < 0) {
            return this;
        }
        boolean first = lo[i].equals(v);
        boolean last = hi[i].equals(v);
        if (first && last) {
            return new IpSet(family, remove(lo, i), remove(hi, i));
        }
        BigInteger[] l = lo.clone();
        BigInteger[] h = hi.clone();
        if (first) {
            l[i] = v.add(BigInteger.ONE);
            return new IpSet(family, l, h);
        }
        if (last) {
            h[i] = v.subtract(BigInteger.ONE);
            return new IpSet(family, l, h);
        }
        h[i] = v.subtract(BigInteger.ONE);
        return new IpSet(family, insert(l, i + 1, v.add(BigInteger.ONE)), insert(h, i + 1, hi[i]));
    }

    private int insertionPoint(BigInteger v) {
        int low = 0;
        int high = lo.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (lo[mid].compareTo(v) > 0) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    private static BigInteger[] insert(BigInteger[] a, int at, BigInteger v) {
        BigInteger[] out = new BigInteger[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        out[at] = v;
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }

    private static BigInteger[] remove(BigInteger[] a, int at) {
        BigInteger[] out = new BigInteger[a.length - 1];
        System.arraycopy(a, 0, out, 0, at);
        System.arraycopy(a, at + 1, out, at, a.length - at - 1);
        return out;
    }

    private void requireFamily(IpAddress ip) {
        if (ip.family() != family) {
            throw new IllegalArgumentException("address " + ip + " is not " + family);
        }
    }

    public IpSet intersect(IpSet other) {
        requireSameFamily(other);
        List<BigInteger> l = new ArrayList<>();
        List<BigInteger> h = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < lo.length && j < other.lo.length) {
            BigInteger a = lo[i].max(other.lo[j]);
            BigInteger b = hi[i].min(other.hi[j]);
            if (a.compareTo(b) <= 0) {
                l.add(a);
                h.add(b);
            }
            if (hi[i].compareTo(other.hi[j]) < 0) {
                i++;
            } else {
                j++;
            }
        }
        return new IpSet(family, l.toArray(BigInteger[]::new), h.toArray(BigInteger[]::new));
    }

    public IpSet subtract(IpSet other) {
        requireSameFamily(other);
        List<BigInteger> l = new ArrayList<>();
        List<BigInteger> h = new ArrayList<>();
        int j = 0;
        for (int i = 0; i < lo.length; i++) {
            BigInteger a = lo[i];
            BigInteger b = hi[i];
            while (j < other.lo.length && other.hi[j].compareTo(a) < 0) {
                j++;
            }
            int k = j;
            while (a.compareTo(b) <= 0 && k < other.lo.length && other.lo[k].compareTo(b) <= 0) {
                if (other.lo[k].compareTo(a) > 0) {
                    l.add(a);
                    h.add(other.lo[k].subtract(BigInteger.ONE));
                }
                a = a.max(other.hi[k].add(BigInteger.ONE));
                k++;
            }
            if (a.compareTo(b) <= 0) {
                l.add(a);
                h.add(b);
            }
        }
        return new IpSet(family, l.toArray(BigInteger[]::new), h.toArray(BigInteger[]::new));
    }

    private void requireSameFamily(IpSet other) {
        if (other.family != family) {
            throw new IllegalArgumentException("cannot combine an " + family + " set with an " + other.family + " set");
        }
    }

    /** Ascending; lazy, so iterating the start of a huge IPv6 set is cheap. */
    @Override
    public Iterator<IpAddress> iterator() {
        return new Iterator<>() {
            int range = 0;
            BigInteger next = lo.length > 0 ? lo[0] : null;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public IpAddress next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                IpAddress out = IpAddress.of(family, next);
                if (next.equals(hi[range])) {
                    range++;
                    next = range < lo.length ? lo[range] : null;
                } else {
                    next = next.add(BigInteger.ONE);
                }
                return out;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpSet s && s.family == family && Arrays.equals(s.lo, lo) && Arrays.equals(s.hi, hi);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, Arrays.hashCode(lo), Arrays.hashCode(hi));
    }

    @Override
    public String toString() {
        return family + toStrings().toString();
    }
}
