package io.spidernet.spiderpool.core.autopool;

import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpRange;
import io.spidernet.spiderpool.core.ip.IpSet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Resizes an auto-pool's IPs, lowest addresses first: growing takes the lowest free IPs of the
 * subnet and keeps every IP the pool has; shrinking gives back the lowest IPs no pod holds, and
 * only when enough such IPs exist (a pod's IP is never taken away). Lowest-first, not random,
 * as upstream actually behaves (§13 item 5), so plans are reproducible.
 */
public final class LowestFirstResizer {

    private LowestFirstResizer() {}

    /** The pool's IPs after resizing, or why it cannot shrink yet. */
    public sealed interface Outcome {
        record Resized(IpSet ips) implements Outcome {}

        /** Too many IPs are held by pods; the reconciler retries after pods go away. */
        record ShrinkBlocked(String reason) implements Outcome {}
    }

    /**
     * @param current   the IPs the pool holds now
     * @param free      the subnet IPs no other pool holds
     * @param allocated the pool's IPs held by pods
     * @throws AutoPoolException.InsufficientSubnetIps when {@code free} is too small to grow
     */
    public static Outcome resize(String subnet, String pool, IpSet current, IpSet free, IpSet allocated, int size) {
        BigInteger want = BigInteger.valueOf(size);
        int cmp = current.size().compareTo(want);
        if (cmp == 0) {
            return new Outcome.Resized(current);
        }
        if (cmp < 0) {
            BigInteger need = want.subtract(current.size());
            IpSet available = free.subtract(current);
            if (available.size().compareTo(need) < 0) {
                throw new AutoPoolException.InsufficientSubnetIps(subnet, pool, need, available.size());
            }
            return new Outcome.Resized(current.union(lowest(available, need)));
        }
        BigInteger surplus = current.size().subtract(want);
        IpSet unallocated = current.subtract(allocated);
        if (unallocated.size().compareTo(surplus) < 0) {
            return new Outcome.ShrinkBlocked("IPPool " + pool + " should shrink from " + current.size() + " to " + size
                    + " IPs, but pods still hold " + current.size().subtract(unallocated.size()) + " of them; it shrinks"
                    + " once they are released");
        }
        return new Outcome.Resized(current.subtract(lowest(unallocated, surplus)));
    }

    /** The {@code n} lowest addresses of {@code set}; {@code n} must not exceed its size. */
    static IpSet lowest(IpSet set, BigInteger n) {
        List<IpRange> taken = new ArrayList<>();
        BigInteger left = n;
        for (IpRange r : set.ranges()) {
            if (left.signum() == 0) {
                break;
            }
            BigInteger take = r.size().min(left);
            IpAddress last = IpAddress.of(set.family(), r.first().value().add(take).subtract(BigInteger.ONE));
            taken.add(new IpRange(r.first(), last));
            left = left.subtract(take);
        }
        return IpSet.of(set.family(), taken);
    }
}
