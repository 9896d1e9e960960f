package io.spidernet.spiderpool.core.webhook;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFormatException;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorMode;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import java.util.ArrayList;
import java.util.List;

/**
 * Defaults a SpiderCoordinator the way upstream's mutating webhook does: the unset switches get
 * their values, a bare IP in {@code hijackCIDR} becomes a host route, and the finalizer is added.
 * {@link #withDefaults} is the one place these values live; the agent calls it for objects that
 * never passed the webhook. {@code vethMTU} is not defaulted here: Helm writes it into the object.
 */
public final class CoordinatorMutator {
    public static final CoordinatorMode DEFAULT_MODE = CoordinatorMode.AUTO;
    public static final boolean DEFAULT_TUNE_POD_ROUTES = true;
    public static final int DEFAULT_HOST_RULE_TABLE = 500;
    public static final int DEFAULT_POD_RP_FILTER = 0;
    public static final int DEFAULT_TX_QUEUE_LEN = 0;

    /** @param coordinator the object from the request; not modified */
    public Mutation<SpiderCoordinator> mutate(SpiderCoordinator coordinator) {
        SpiderCoordinator copy = Copies.deepCopy(coordinator, SpiderCoordinator.class);
        if (copy.getMetadata() == null) {
            copy.setMetadata(new ObjectMeta());
        }
        // upstream fills the switches before it looks at the deletion timestamp
        copy.setSpec(withDefaults(copy.getSpec()));
        List<String> warnings = new ArrayList<>();
        if (Owners.isTerminating(copy)) {
            return new Mutation<>(copy, warnings);
        }
        if (copy.getSpec().getPodCIDRType() == null) {
            warnings.add("spec.podCIDRType: is not set; set it to auto, cluster, calico, cilium or none");
            return new Mutation<>(copy, warnings);
        }
        hostRoutes(copy.getSpec(), warnings);
        if (!Owners.hasFinalizer(copy)) {
            List<String> finalizers = copy.getMetadata().getFinalizers() == null ? new ArrayList<>()
                    : new ArrayList<>(copy.getMetadata().getFinalizers());
            finalizers.add(SpiderpoolGroup.FINALIZER);
            copy.getMetadata().setFinalizers(finalizers);
        }
        return new Mutation<>(copy, warnings);
    }

    /**
     * A copy of {@code spec} (null reads as empty) with every field upstream's webhook defaults set.
     * Fields already set, including explicit {@code false} and {@code 0}, are kept.
     */
    public static CoordinatorSpec withDefaults(CoordinatorSpec spec) {
        CoordinatorSpec s = spec == null ? new CoordinatorSpec() : Copies.deepCopy(spec, CoordinatorSpec.class);
        if (s.getMode() == null) {
            s.setMode(DEFAULT_MODE);
        }
        if (s.getTunePodRoutes() == null) {
            s.setTunePodRoutes(DEFAULT_TUNE_POD_ROUTES);
        }
        if (s.getHostRuleTable() == null) {
            s.setHostRuleTable(DEFAULT_HOST_RULE_TABLE);
        }
        if (s.getPodRPFilter() == null) {
            s.setPodRPFilter(DEFAULT_POD_RP_FILTER);
        }
        if (s.getTxQueueLen() == null) {
            s.setTxQueueLen(DEFAULT_TX_QUEUE_LEN);
        }
        return s;
    }

    /** {@code 10.0.0.1} in hijackCIDR means {@code 10.0.0.1/32}; the plugin only installs CIDRs. */
    private static void hostRoutes(CoordinatorSpec spec, List<String> warnings) {
        if (spec.getHijackCIDR() == null) {
            return;
        }
        List<String> cidrs = new ArrayList<>(spec.getHijackCIDR());
        for (int i = 0; i < cidrs.size(); i++) {
            String entry = cidrs.get(i);
            if (entry == null || entry.contains("/")) {
                continue;
            }
            try {
                IpAddress ip = IpAddress.parse(entry);
                cidrs.set(i, entry + "/" + ip.family().bits());
            } catch (IpFormatException e) {
                warnings.add("spec.hijackCIDR[" + i + "]: " + e.getMessage() + "; nothing else was defaulted");
                return;
            }
        }
        spec.setHijackCIDR(cidrs);
    }
}
