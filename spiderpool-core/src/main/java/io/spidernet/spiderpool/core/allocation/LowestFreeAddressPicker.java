package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpSet;
import java.util.Optional;

/**
 * Picks the address a pod gets from a pool: the lowest address of {@code spec.ips} that is not
 * excluded, not reserved by any SpiderReservedIP of the family and not already allocated. This is
 * what upstream does too (its function is called "random" but walks the ranges in order); being
 * deterministic keeps allocations predictable and makes tests exact.
 *
 * <p>Both inputs are coalesced range sets, so the search costs one binary search per range of the
 * allowed set — independent of how many addresses are allocated or how big the pool is (a /64
 * is never enumerated).
 */
public final class LowestFreeAddressPicker {
    private LowestFreeAddressPicker() {}

    /**
     * @param allowed {@code ips} minus {@code excludeIPs} minus reserved addresses
     * @param allocated addresses already recorded in the pool
     */
    public static Optional<IpAddress> pick(IpSet allowed, IpSet allocated) {
        return allowed.lowestNotIn(allocated);
    }
}
