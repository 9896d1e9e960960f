package io.spidernet.spiderpool.core.webhook;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SubnetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Defaults a SpiderSubnet before validation: finalizer, {@code ipVersion}, the
 * {@code ipam.spidernet.io/subnet-cidr} label and merged IP lists. Problems become warnings.
 */
public final class SubnetMutator {

    /** @param subnet the object from the request; not modified */
    public Mutation<SpiderSubnet> mutate(SpiderSubnet subnet) {
        SpiderSubnet copy = Copies.deepCopy(subnet, SpiderSubnet.class);
        List<String> warnings = new ArrayList<>();
        if (!Owners.isTerminating(copy)) {
            defaults(copy, warnings);
        }
        return new Mutation<>(copy, warnings);
    }

    private static void defaults(SpiderSubnet subnet, List<String> warnings) {
        if (subnet.getMetadata() == null) {
            subnet.setMetadata(new ObjectMeta());
        }
        MutationSteps.addFinalizer(subnet.getMetadata());
        if (subnet.getSpec() == null) {
            subnet.setSpec(new SubnetSpec());
        }
        SubnetSpec spec = subnet.getSpec();
        if (spec.getIpVersion() == null) {
            Optional<IpFamily> inferred = MutationSteps.familyOfCidr(spec.getSubnet(), warnings);
            if (inferred.isEmpty()) {
                return;
            }
            spec.setIpVersion(IpVersion.of(inferred.get()));
        }
        IpFamily family = spec.getIpVersion().family();
        Optional<String> label = MutationSteps.cidrLabel(spec.getSubnet(), family, warnings);
        if (label.isEmpty()) {
            return;
        }
        MutationSteps.setLabel(subnet.getMetadata(), SpiderpoolAnnotations.LABEL_SUBNET_CIDR, label.get());
        if (MutationSteps.merge("spec.ips", spec.getIps(), family, spec::setIps, warnings)) {
            MutationSteps.merge("spec.excludeIPs", spec.getExcludeIPs(), family, spec::setExcludeIPs, warnings);
        }
    }
}
