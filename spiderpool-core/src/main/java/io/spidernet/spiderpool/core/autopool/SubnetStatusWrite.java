package io.spidernet.spiderpool.core.autopool;

import io.spidernet.spiderpool.core.model.SubnetStatus;
import java.util.Objects;

/**
 * The subnet status a plan writes: the new controlledIPPools record and the counts derived from it.
 *
 * @param controlledIPPools null when no pool is left (the field is then omitted)
 * @param allocatedIPCount  IPs handed to pools, not to pods
 */
public record SubnetStatusWrite(String controlledIPPools, long allocatedIPCount, long totalIPCount) {

    public SubnetStatus toStatus() {
        SubnetStatus s = new SubnetStatus();
        s.setControlledIPPools(controlledIPPools);
        s.setAllocatedIPCount(allocatedIPCount);
        s.setTotalIPCount(totalIPCount);
        return s;
    }

    /** Whether writing this would change the stored status at all. */
    public boolean differsFrom(SubnetStatus stored) {
        return stored == null || !Objects.equals(controlledIPPools, stored.getControlledIPPools())
                || !Long.valueOf(allocatedIPCount).equals(stored.getAllocatedIPCount())
                || !Long.valueOf(totalIPCount).equals(stored.getTotalIPCount());
    }
}
