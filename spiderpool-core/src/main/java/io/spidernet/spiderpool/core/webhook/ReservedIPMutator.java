package io.spidernet.spiderpool.core.webhook;

import io.spidernet.spiderpool.core.ip.IpRange;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.ReservedIPSpec;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import java.util.ArrayList;
import java.util.List;

/**
 * Defaults a SpiderReservedIP: {@code ipVersion} from the first entry, merged {@code ips}. It has
 * no finalizer (nothing to release) and no labels. Problems become warnings.
 */
public final class ReservedIPMutator {

    /** @param reservedIp the object from the request; not modified */
    public Mutation<SpiderReservedIP> mutate(SpiderReservedIP reservedIp) {
        SpiderReservedIP copy = Copies.deepCopy(reservedIp, SpiderReservedIP.class);
        List<String> warnings = new ArrayList<>();
        if (!copy.isTerminating()) {
            defaults(copy, warnings);
        }
        return new Mutation<>(copy, warnings);
    }

    private static void defaults(SpiderReservedIP reservedIp, List<String> warnings) {
        if (reservedIp.getSpec() == null) {
            reservedIp.setSpec(new ReservedIPSpec());
        }
        ReservedIPSpec spec = reservedIp.getSpec();
        if (spec.getIps() == null || spec.getIps().isEmpty()) {
            warnings.add("spec.ips: is empty, so nothing is reserved and spec.ipVersion cannot be inferred; list the IPs to reserve");
            return;
        }
        if (spec.getIpVersion() == null) {
            try {
                spec.setIpVersion(IpVersion.of(IpRange.parse(spec.getIps().get(0)).family()));
            } catch (IllegalArgumentException e) {
                warnings.add("spec.ipVersion: not inferred, spec.ips[0] " + e.getMessage() + "; nothing else was defaulted");
                return;
            }
        }
        MutationSteps.merge("spec.ips", spec.getIps(), spec.getIpVersion().family(), spec::setIps, warnings);
    }
}
