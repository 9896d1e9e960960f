package io.spidernet.spiderpool.core.autopool;

import io.spidernet.spiderpool.core.ip.IpSet;
import java.util.Objects;
import java.util.Optional;

/**
 * What to write so that one auto-pool matches its demand. The caller writes {@link #subnetWrite}
 * first (the subnet's status, version-checked) and only then {@link #poolWrite}: a pool never holds
 * IPs its subnet has not handed to it, and a round interrupted between the two writes is repaired by
 * the next plan. On a conflict in either write the caller re-reads and plans again.
 *
 * @param ips           the pool's IPs once both writes are done
 * @param subnetWrite   empty when the subnet status already says exactly this
 * @param poolWrite     empty when the pool already is exactly this
 * @param repair        set when the subnet's record and the pool's spec.ips disagreed, for the log
 * @param shrinkBlocked set when the pool should shrink but pods hold the IPs; the plan still
 *                      repairs and relabels, and the caller retries the shrink later
 */
public record AutoPoolPlan(String poolName, IpSet ips, Optional<SubnetStatusWrite> subnetWrite,
                           Optional<PoolWrite> poolWrite, Optional<Repair> repair, Optional<String> shrinkBlocked) {

    public AutoPoolPlan {
        Objects.requireNonNull(poolName, "poolName");
        Objects.requireNonNull(ips, "ips");
        Objects.requireNonNull(subnetWrite, "subnetWrite");
        Objects.requireNonNull(poolWrite, "poolWrite");
        Objects.requireNonNull(repair, "repair");
        Objects.requireNonNull(shrinkBlocked, "shrinkBlocked");
    }

    /**
     * The subnet's record and the pool disagreed, typically because a previous round wrote the
     * subnet and stopped before the pool. The plan starts from the union of both, so no IP a pod
     * may hold is lost; a shrink that was cut short is simply done again.
     *
     * @param recorded what the subnet recorded (empty set when nothing)
     * @param inPool   the pool's spec.ips (empty set when the pool does not exist)
     */
    public record Repair(IpSet recorded, IpSet inPool) {
        @Override
        public String toString() {
            return "SpiderSubnet records " + recorded.toStrings() + " but the IPPool holds " + inPool.toStrings();
        }
    }

    public boolean isNoop() {
        return subnetWrite.isEmpty() && poolWrite.isEmpty();
    }
}
