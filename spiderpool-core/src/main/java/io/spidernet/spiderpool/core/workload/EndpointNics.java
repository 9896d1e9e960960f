package io.spidernet.spiderpool.core.workload;

import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How NICs given by an ADD merge into the NICs a record lists, for both stores. A record keeps the
 * order its NICs first appeared in, so the answer to a repeated ADD is the same list.
 */
public final class EndpointNics {

    private EndpointNics() {}

    /** {@code given} replace entries of the same NIC name; the others are appended. */
    public static List<IPAllocationDetail> replaceOrAppend(List<IPAllocationDetail> have, List<IPAllocationDetail> given) {
        List<IPAllocationDetail> out = new ArrayList<>(have == null ? List.of() : have);
        for (IPAllocationDetail nic : given) {
            int at = indexOf(out, nic.nic());
            if (at >= 0) {
                out.set(at, nic);
            } else {
                out.add(nic);
            }
        }
        return out;
    }

    private static int indexOf(List<IPAllocationDetail> details, String nic) {
        for (int i = 0; i < details.size(); i++) {
            if (Objects.equals(details.get(i).nic(), nic)) {
                return i;
            }
        }
        return -1;
    }
}
