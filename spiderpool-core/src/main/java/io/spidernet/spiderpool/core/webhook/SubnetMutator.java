package io.spidernet.spiderpool.core.webhook;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SubnetSpec;
import java.util.ArrayList;
import java.util.List;

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
        if (subnet.getSpec() == null) {
            subnet.setSpec(new SubnetSpec());
        }
        if (MutationSteps.addressDefaults(subnet.getMetadata(), subnet.getSpec(), SpiderpoolAnnotations.LABEL_SUBNET_CIDR,
                warnings).isPresent()) {
            MutationSteps.mergeRanges(subnet.getSpec(), warnings);
        }
    }
}
