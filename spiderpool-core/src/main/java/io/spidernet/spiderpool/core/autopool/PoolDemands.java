package io.spidernet.spiderpool.core.autopool;

import io.spidernet.spiderpool.core.annotation.AnnotationException;
import io.spidernet.spiderpool.core.annotation.PodIpamAnnotations;
import io.spidernet.spiderpool.core.annotation.PoolIpNumber;
import io.spidernet.spiderpool.core.annotation.SubnetRequest;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Which auto-pools an application wants, from its pod template annotations and the cluster switches. */
public final class PoolDemands {

    private PoolDemands() {}

    /**
     * One demand per NIC and family named in {@code ipam.spidernet.io/subnets} (or, when absent,
     * {@code ipam.spidernet.io/subnet}). Empty when the application asks for none, when SpiderSubnet
     * or auto-pools are switched off (I00024), and for families the cluster does not serve.
     *
     * @throws AutoPoolException.InvalidRequest for a malformed annotation, or a third-party
     *         application without a fixed ippool-ip-number
     */
    public static List<PoolDemand> of(AppWorkload workload, SpiderpoolConf conf) {
        if (!conf.enableSpiderSubnet() || !conf.enableAutoPoolForApplication()) {
            return List.of();
        }
        PodIpamAnnotations a;
        try {
            a = PodIpamAnnotations.parse(workload.templateAnnotations());
        } catch (AnnotationException e) {
            throw new AutoPoolException.InvalidRequest(workload.app() + ": " + e.getMessage(), e);
        }
        if (!a.requestsSubnets()) {
            return List.of();
        }
        PoolIpNumber number = ipNumber(workload, a.poolIpNumber(), conf);
        List<SubnetRequest> requests = a.subnets().isEmpty() ? List.of(a.subnet().orElseThrow()) : a.subnets();
        List<PoolDemand> out = new ArrayList<>();
        for (SubnetRequest r : requests) {
            add(out, workload, r, IpFamily.V4, r.ipv4Subnet(), number, a.reclaimPool(), conf);
            add(out, workload, r, IpFamily.V6, r.ipv6Subnet(), number, a.reclaimPool(), conf);
        }
        return List.copyOf(out);
    }

    /** Fixed N, or the replicas plus the spare IPs of a flexible number. */
    public static int size(PoolIpNumber number, int replicas) {
        return switch (number) {
            case PoolIpNumber.Fixed f -> f.ips();
            case PoolIpNumber.Flexible f -> Math.addExact(replicas, f.extra());
        };
    }

    /**
     * The annotation, else the cluster's flexible default. On §13 item 1 (upstream's chart and code
     * disagree on the key, so upstream's default is effectively "+0"): we use
     * {@link SpiderpoolConf#clusterSubnetDefaultFlexibleIPNumber()}, filled from the chart key the
     * docs describe, so an unannotated application gets "+1" with the chart's defaults.
     * A third-party controller's replicas are not known to upstream, so it must give a fixed number.
     */
    private static PoolIpNumber ipNumber(AppWorkload w, Optional<PoolIpNumber> annotated, SpiderpoolConf conf) {
        if (w.app().isThirdParty() && !(annotated.orElse(null) instanceof PoolIpNumber.Fixed)) {
            throw new AutoPoolException.InvalidRequest(w.app() + " is a third-party controller, whose auto-pools need"
                    + " a fixed size: set ipam.spidernet.io/ippool-ip-number to a number like \"5\", not \"+N\"", null);
        }
        return annotated.orElseGet(() -> new PoolIpNumber.Flexible(conf.clusterSubnetDefaultFlexibleIPNumber()));
    }

    private static void add(List<PoolDemand> out, AppWorkload w, SubnetRequest r, IpFamily family,
                            Optional<String> subnet, PoolIpNumber number, boolean reclaim, SpiderpoolConf conf) {
        if (subnet.isPresent() && conf.enabled(family)) {
            out.add(new PoolDemand(w.app(), r.interfaceName(), family, subnet.get(), number, reclaim,
                    size(number, w.replicas())));
        }
    }
}
