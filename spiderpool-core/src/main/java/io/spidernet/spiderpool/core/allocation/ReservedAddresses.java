package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** The union of every SpiderReservedIP per family; terminating ones no longer reserve anything. */
public final class ReservedAddresses {
    private ReservedAddresses() {}

    public static Map<IpFamily, IpSet> of(Collection<SpiderReservedIP> reservedIps) {
        Map<IpFamily, IpSet> out = new EnumMap<>(IpFamily.class);
        for (SpiderReservedIP r : reservedIps) {
            if (r.isTerminating() || r.getSpec() == null || r.getSpec().getIpVersion() == null) {
                continue;
            }
            IpFamily family = r.getSpec().getIpVersion().family();
            out.merge(family, IpSet.parse(family, r.getSpec().getIps()), IpSet::union);
        }
        return out;
    }
}
