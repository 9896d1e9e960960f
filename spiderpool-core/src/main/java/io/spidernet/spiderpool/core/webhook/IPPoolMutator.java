package io.spidernet.spiderpool.core.webhook;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Defaults a SpiderIPPool before validation: finalizer, {@code ipVersion}, CIDR label, adoption by
 * the SpiderSubnet of the same CIDR (with its gateway and routes) and merged IP lists. A step that
 * cannot be done stops the mutation with a warning, as upstream stops, and validation then rejects
 * the object with a precise error.
 */
public final class IPPoolMutator {
    private final SpiderpoolConf conf;

    public IPPoolMutator(SpiderpoolConf conf) {
        this.conf = Objects.requireNonNull(conf, "conf");
    }

    /**
     * @param pool    the object from the request; not modified
     * @param subnets the SpiderSubnets in the cluster, for adoption (ignored without the subnet feature)
     */
    public Mutation<SpiderIPPool> mutate(SpiderIPPool pool, Collection<SpiderSubnet> subnets) {
        SpiderIPPool copy = Copies.deepCopy(pool, SpiderIPPool.class);
        List<String> warnings = new ArrayList<>();
        if (!copy.isTerminating()) {
            defaults(copy, subnets, warnings);
        }
        return new Mutation<>(copy, warnings);
    }

    private void defaults(SpiderIPPool pool, Collection<SpiderSubnet> subnets, List<String> warnings) {
        if (pool.getMetadata() == null) {
            pool.setMetadata(new ObjectMeta());
        }
        if (pool.getSpec() == null) {
            pool.setSpec(new IPPoolSpec());
        }
        Optional<String> label = MutationSteps.addressDefaults(pool.getMetadata(), pool.getSpec(),
                SpiderpoolAnnotations.LABEL_IPPOOL_CIDR, warnings);
        if (label.isEmpty()) {
            return;
        }
        if (conf.enableSpiderSubnet() && !adopt(pool, label.get(), subnets, warnings)) {
            return;
        }
        MutationSteps.mergeRanges(pool.getSpec(), warnings);
    }

    /**
     * Makes the SpiderSubnet with the same CIDR the pool's controller and copies its gateway and
     * routes where the pool has none. A pool already labelled and controlled by its subnet is left
     * alone, so later subnet edits never overwrite a pool's gateway. False means: stop mutating.
     */
    private boolean adopt(SpiderIPPool pool, String cidrLabel, Collection<SpiderSubnet> subnets, List<String> warnings) {
        ObjectMeta meta = pool.getMetadata();
        Optional<OwnerReference> controller = Owners.controllerOf(meta);
        Optional<String> ownerLabel = IpamLabels.get(meta.getLabels(), SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET);
        if (controller.isPresent() && ownerLabel.isPresent() && ownerLabel.get().equals(controller.get().getName())) {
            return true;
        }
        Optional<SpiderSubnet> subnet = subnets.stream()
                .filter(s -> s.getSpec() != null && s.getSpec().getSubnet() != null)
                .filter(s -> IpamLabels.cidrLabelValue(s.getSpec().getSubnet()).equals(cidrLabel))
                .findFirst();
        if (subnet.isEmpty()) {
            return true;
        }
        String name = subnet.get().getMetadata().getName();
        if (controller.isPresent() && !isSubnet(controller.get(), name)) {
            warnings.add("metadata.ownerReferences: already controlled by " + controller.get().getKind() + " '"
                    + controller.get().getName() + "', so SpiderSubnet '" + name + "' of the same CIDR cannot adopt it;"
                    + " remove that controller reference");
            return false;
        }
        setController(meta, subnet.get());
        MutationSteps.setLabel(meta, SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET, name);
        inherit(subnet.get(), pool.getSpec());
        return true;
    }

    private static boolean isSubnet(OwnerReference ref, String name) {
        return Owners.isSpiderSubnet(ref) && name.equals(ref.getName());
    }

    private static void setController(ObjectMeta meta, SpiderSubnet subnet) {
        String name = subnet.getMetadata().getName();
        List<OwnerReference> refs = meta.getOwnerReferences() == null ? new ArrayList<>() : new ArrayList<>(meta.getOwnerReferences());
        refs.removeIf(r -> isSubnet(r, name));
        refs.add(new OwnerReferenceBuilder()
                .withApiVersion(SpiderpoolGroup.API_VERSION)
                .withKind(Owners.SUBNET_KIND)
                .withName(name)
                .withUid(subnet.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build());
        meta.setOwnerReferences(refs);
    }

    /** An explicit empty route list is the user saying "no routes", so only {@code null} inherits. */
    private static void inherit(SpiderSubnet subnet, IPPoolSpec pool) {
        if (pool.getGateway() == null && subnet.getSpec().getGateway() != null) {
            pool.setGateway(subnet.getSpec().getGateway());
        }
        if (pool.getRoutes() == null && subnet.getSpec().getRoutes() != null && !subnet.getSpec().getRoutes().isEmpty()) {
            pool.setRoutes(new ArrayList<>(subnet.getSpec().getRoutes()));
        }
    }
}
