package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Rules.PASS;
import static io.spidernet.spiderpool.core.webhook.Rules.fail;
import static io.spidernet.spiderpool.core.webhook.SpecRules.EXCLUDE_IPS;
import static io.spidernet.spiderpool.core.webhook.SpecRules.IPS;
import static io.spidernet.spiderpool.core.webhook.SpecRules.SUBNET;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Admission rules for SpiderIPPool (research notes §7.1). Create runs rules 1–9 and answers with
 * the first that fails; update re-runs the rules whose inputs can change plus the two update-only
 * ones; delete is guarded only when {@code enableValidatingResourcesDeletedWebhook} is on.
 * Snapshots of the other pools and of the subnets are fetched by the adapter.
 */
public final class IPPoolValidator {
    private static final String POD_AFFINITY = "spec.podAffinity";

    private final SpiderpoolConf conf;

    public IPPoolValidator(SpiderpoolConf conf) {
        this.conf = Objects.requireNonNull(conf, "conf");
    }

    /** @param pools the pools that exist, without the one being created */
    public AdmissionResult validateCreate(SpiderIPPool pool, Collection<SpiderIPPool> pools, Collection<SpiderSubnet> subnets) {
        AddressSpec spec = AddressSpec.of(pool.getSpec());
        return AdmissionResult.of(Rules.firstFailure(
                () -> SpecRules.ipVersion(spec.ipVersion(), SUBNET, conf),      // 1
                () -> SpecRules.canonicalCidr(spec),                            // 2
                () -> nameFreeAndCidrApart(pool, spec, pools),                  // 3
                () -> rangesValid(spec),                                        // 4
                () -> noIpsSharedWithPools(pool, spec, pools),                  // 5
                () -> SpecRules.gateway(spec),                                  // 6
                () -> SpecRules.routes(spec),                                   // 7
                () -> podAffinity(pool),                                        // 8
                () -> withinControllerSubnet(pool, spec, subnets)));            // 9
    }

    /**
     * @param pools the pools that exist (the stored version of this one may be among them)
     */
    public AdmissionResult validateUpdate(SpiderIPPool oldPool, SpiderIPPool newPool, Collection<SpiderIPPool> pools,
            Collection<SpiderSubnet> subnets) {
        if (Owners.isTerminating(newPool)) {
            // the controller's own last update removes the finalizer; that one must pass
            return Owners.hasFinalizer(newPool) ? AdmissionResult.forbidden(FieldError.forbidden("metadata.deletionTimestamp",
                    newPool.getMetadata().getDeletionTimestamp(), "cannot update a terminating IPPool: '" + Owners.nameOf(newPool)
                            + "' is deleted as soon as its allocated IPs are released; create a new IPPool instead"))
                    : AdmissionResult.allowed();
        }
        AddressSpec oldSpec = AddressSpec.of(oldPool.getSpec());
        AddressSpec spec = AddressSpec.of(newPool.getSpec());
        return AdmissionResult.of(Rules.firstFailure(
                () -> SpecRules.unchangeable(oldSpec, spec),
                () -> SpecRules.ipVersion(spec.ipVersion(), SUBNET, conf),      // 1
                () -> SpecRules.cidrOfFamily(spec),  // canonical since creation; only make sure it still reads
                () -> rangesValid(spec),                                        // 4
                () -> noIpsSharedWithPools(newPool, spec, pools),               // 5
                () -> SpecRules.gateway(spec),                                  // 6
                () -> SpecRules.routes(spec),                                   // 7
                () -> podAffinity(newPool),                                     // 8
                () -> allocatedIpsKept(oldPool, spec),
                () -> withinControllerSubnet(newPool, spec, subnets)));         // 9
    }

    public AdmissionResult validateDelete(SpiderIPPool pool) {
        Long allocated = pool.getStatus() == null ? null : pool.getStatus().getAllocatedIPCount();
        if (!conf.enableValidatingResourcesDeletedWebhook() || allocated == null || allocated <= 0) {
            return AdmissionResult.allowed();
        }
        return AdmissionResult.forbidden(FieldError.forbidden("status.allocatedIPCount", allocated.toString(),
                "cannot delete an IPPool with allocated IPs: '" + Owners.nameOf(pool) + "' still has " + allocated
                        + "; delete the pods using them first"));
    }

    /** Rule 3: the name is free, and pools of overlapping CIDRs all use the very same CIDR. */
    private static List<FieldError> nameFreeAndCidrApart(SpiderIPPool pool, AddressSpec spec, Collection<SpiderIPPool> pools) {
        String name = Owners.nameOf(pool);
        if (pools.stream().anyMatch(p -> name.equals(Owners.nameOf(p)))) {
            return fail(FieldError.alreadyExists("metadata.name", name, "IPPool '" + name + "' already exists; choose another name"));
        }
        Cidr cidr = spec.cidr();
        for (SpiderIPPool other : pools) {
            AddressSpec o = AddressSpec.of(other.getSpec());
            Optional<Cidr> theirs = o.knownCidr();
            if (spec.subnet().equals(o.subnet()) || theirs.isEmpty() || !cidr.overlaps(theirs.get())) {
                continue;
            }
            return fail(FieldError.invalid(SUBNET, spec.subnet(), "'" + spec.subnet() + "' overlaps IPPool '"
                    + Owners.nameOf(other) + "' whose spec.subnet is '" + o.subnet() + "'; use '" + o.subnet()
                    + "' itself or a CIDR that does not overlap it"));
        }
        return PASS;
    }

    /** Rule 4: entries parse, lie in the subnet, and {@code ips} entries do not overlap each other. */
    static List<FieldError> rangesValid(AddressSpec spec) {
        return Rules.firstFailure(
                () -> SpecRules.rangesInsideSubnet(IPS, spec.ips(), spec),
                () -> SpecRules.noOverlapWithin(IPS, spec.ips(), spec.family()),
                () -> SpecRules.rangesInsideSubnet(EXCLUDE_IPS, spec.excludeIPs(), spec));
    }

    /** Rule 5: an address belongs to one pool of a CIDR only, else two pods could get it. */
    private static List<FieldError> noIpsSharedWithPools(SpiderIPPool pool, AddressSpec spec, Collection<SpiderIPPool> pools) {
        IpSet mine = spec.totalIps();
        for (SpiderIPPool other : pools) {
            AddressSpec o = AddressSpec.of(other.getSpec());
            if (Owners.nameOf(other).equals(Owners.nameOf(pool)) || o.subnet() == null || !o.cidrLabel().equals(spec.cidrLabel())) {
                continue;
            }
            Optional<IpSet> shared = o.knownTotalIps().filter(t -> t.family() == mine.family()).map(mine::intersect);
            if (shared.isPresent() && !shared.get().isEmpty()) {
                String ips = SpecRules.describe(shared.get());
                return fail(FieldError.forbidden(IPS, ips, "IPPool '" + Owners.nameOf(other) + "' of the same subnet already"
                        + " holds " + ips + "; remove those IPs from spec.ips or add them to spec.excludeIPs"));
            }
        }
        return PASS;
    }

    /** Rule 8: a well-formed, non-empty selector; an application's pool only matches that application. */
    static List<FieldError> podAffinity(SpiderIPPool pool) {
        LabelSelector selector = pool.getSpec() == null ? null : pool.getSpec().getPodAffinity();
        if (selector == null) {
            return PASS;
        }
        Map<String, String> labels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        boolean noExpressions = selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty();
        if (pool.isAutoCreated()) {
            List<FieldError> errors = new ArrayList<>();
            labels.keySet().stream().filter(k -> !SpiderpoolAnnotations.APP_LABEL_KEYS.contains(k)).sorted().forEach(k ->
                    errors.add(FieldError.invalid(POD_AFFINITY + ".matchLabels", k, "'" + k + "' cannot be added to the"
                            + " podAffinity of an auto-created IPPool, which serves only its application; remove it")));
            if (!noExpressions) {
                errors.add(FieldError.invalid(POD_AFFINITY + ".matchExpressions", null, "an auto-created IPPool's podAffinity"
                        + " takes no matchExpressions, it serves only its application; remove them"));
            }
            return errors;
        }
        List<FieldError> errors = new ArrayList<>(LabelSelectorRules.validate(POD_AFFINITY, selector));
        if (labels.isEmpty() && noExpressions) {
            errors.add(FieldError.invalid(POD_AFFINITY, "{}", "an empty podAffinity is not allowed; add matchLabels or"
                    + " matchExpressions, or remove spec.podAffinity to let every pod use the pool"));
        }
        return errors;
    }

    /** Update only: the ledger keeps what the pool spec still offers, so no pod loses its address. */
    private static List<FieldError> allocatedIpsKept(SpiderIPPool oldPool, AddressSpec spec) {
        Map<String, String> allocated;
        try {
            allocated = StatusRecords.allocatedIps(oldPool.getStatus() == null ? null : oldPool.getStatus().getAllocatedIPs());
        } catch (IllegalArgumentException e) {
            return fail(FieldError.invalid("status.allocatedIPs", null, "of the stored IPPool " + e.getMessage()
                    + ", so removing IPs cannot be checked; repair the status before editing spec.ips"));
        }
        IpSet total = spec.totalIps();
        List<String> removed = allocated.entrySet().stream()
                .filter(e -> !containsText(total, e.getKey()))
                .map(e -> e.getKey() + " (pod " + e.getValue() + ")")
                .sorted()
                .toList();
        if (removed.isEmpty()) {
            return PASS;
        }
        String shown = String.join(", ", removed.subList(0, Math.min(5, removed.size())))
                + (removed.size() > 5 ? " and " + (removed.size() - 5) + " more" : "");
        return fail(FieldError.forbidden(IPS, shown, "removes allocated IPs " + shown + "; keep them in spec.ips and out of"
                + " spec.excludeIPs until their pods release them"));
    }

    /** A ledger key that is not an address of the pool's family cannot be removed by a spec edit. */
    private static boolean containsText(IpSet set, String ip) {
        try {
            return set.contains(IpAddress.parse(ip, set.family()));
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** Rule 9: a subnet's pool takes only subnet IPs; an application's pool exactly what the subnet recorded. */
    private List<FieldError> withinControllerSubnet(SpiderIPPool pool, AddressSpec spec, Collection<SpiderSubnet> subnets) {
        Optional<String> owner = Owners.controllingSubnet(pool.getMetadata());
        if (!conf.enableSpiderSubnet() || owner.isEmpty() || spec.totalIps().isEmpty()) {
            return PASS;
        }
        Optional<SpiderSubnet> subnet = subnets.stream().filter(s -> owner.get().equals(Owners.nameOf(s))).findFirst();
        if (subnet.isEmpty()) {
            return fail(FieldError.invalid("metadata.ownerReferences", owner.get(), "controller SpiderSubnet '" + owner.get()
                    + "' does not exist; create it or remove the controller reference"));
        }
        return SubnetControl.poolWithinSubnet(pool, spec.totalIps(), subnet.get());
    }
}
