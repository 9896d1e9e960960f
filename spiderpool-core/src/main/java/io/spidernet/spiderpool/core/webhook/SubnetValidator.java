package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Rules.PASS;
import static io.spidernet.spiderpool.core.webhook.Rules.fail;
import static io.spidernet.spiderpool.core.webhook.SpecRules.EXCLUDE_IPS;
import static io.spidernet.spiderpool.core.webhook.SpecRules.IPS;
import static io.spidernet.spiderpool.core.webhook.SpecRules.SUBNET;

import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Admission rules for SpiderSubnet (research notes §7.2). One subnet per CIDR, no pool straddling
 * it, and every pool already in the CIDR must fit inside it, because the subnet adopts them.
 */
public final class SubnetValidator {
    private final SpiderpoolConf conf;

    public SubnetValidator(SpiderpoolConf conf) {
        this.conf = Objects.requireNonNull(conf, "conf");
    }

    /**
     * @param subnets the subnets that exist, without the one being created
     * @param pools   all pools that exist
     */
    public AdmissionResult validateCreate(SpiderSubnet subnet, Collection<SpiderSubnet> subnets, Collection<SpiderIPPool> pools) {
        AddressSpec spec = AddressSpec.of(subnet.getSpec());
        return AdmissionResult.of(Rules.firstFailure(
                () -> SpecRules.ipVersion(spec.ipVersion(), SUBNET, conf),
                () -> SpecRules.canonicalCidr(spec),
                () -> nameFreeAndCidrAlone(subnet, spec, subnets),
                () -> poolsFit(subnet, spec, pools),
                () -> specRules(spec)));
    }

    public AdmissionResult validateUpdate(SpiderSubnet oldSubnet, SpiderSubnet newSubnet) {
        if (Owners.isTerminating(newSubnet)) {
            // the controller's own last update removes the finalizer; that one must pass
            return Owners.hasFinalizer(newSubnet) ? AdmissionResult.forbidden(FieldError.forbidden("metadata.deletionTimestamp",
                    newSubnet.getMetadata().getDeletionTimestamp(), "cannot update a terminating Subnet: '" + Owners.nameOf(newSubnet)
                            + "' is deleted as soon as its IPPools are gone; create a new SpiderSubnet instead"))
                    : AdmissionResult.allowed();
        }
        AddressSpec oldSpec = AddressSpec.of(oldSubnet.getSpec());
        AddressSpec spec = AddressSpec.of(newSubnet.getSpec());
        return AdmissionResult.of(Rules.firstFailure(
                () -> SpecRules.unchangeable(oldSpec, spec),
                () -> SpecRules.ipVersion(spec.ipVersion(), SUBNET, conf),
                () -> SpecRules.cidrOfFamily(spec),
                () -> specRules(spec),
                () -> SubnetControl.controlledPoolsKept(oldSubnet, spec)));
    }

    public AdmissionResult validateDelete(SpiderSubnet subnet) {
        Long allocated = subnet.getStatus() == null ? null : subnet.getStatus().getAllocatedIPCount();
        if (!conf.enableValidatingResourcesDeletedWebhook() || allocated == null || allocated <= 0) {
            return AdmissionResult.allowed();
        }
        return AdmissionResult.forbidden(FieldError.forbidden("status.allocatedIPCount", allocated.toString(),
                "cannot delete a Subnet with allocated IPs: '" + Owners.nameOf(subnet) + "' has handed " + allocated
                        + " IPs to IPPools; delete those IPPools first"));
    }

    /** The name is free and no subnet of the family overlaps; an equal CIDR overlaps too. */
    private static List<FieldError> nameFreeAndCidrAlone(SpiderSubnet subnet, AddressSpec spec, Collection<SpiderSubnet> subnets) {
        String name = Owners.nameOf(subnet);
        if (subnets.stream().anyMatch(s -> name.equals(Owners.nameOf(s)))) {
            return fail(FieldError.alreadyExists("metadata.name", name, "Subnet '" + name + "' already exists; choose another name"));
        }
        Cidr cidr = spec.cidr();
        for (SpiderSubnet other : subnets) {
            AddressSpec o = AddressSpec.of(other.getSpec());
            if (o.knownCidr().filter(cidr::overlaps).isPresent()) {
                return fail(FieldError.invalid(SUBNET, spec.subnet(), "'" + spec.subnet() + "' overlaps Subnet '"
                        + Owners.nameOf(other) + "' whose spec.subnet is '" + o.subnet() + "'; only one Subnet may cover"
                        + " an address, use Subnet '" + Owners.nameOf(other) + "' or a CIDR apart from it"));
            }
        }
        return PASS;
    }

    /** Pools of another CIDR may not straddle this one; pools of this CIDR must fit in its IPs. */
    private static List<FieldError> poolsFit(SpiderSubnet subnet, AddressSpec spec, Collection<SpiderIPPool> pools) {
        Cidr cidr = spec.cidr();
        for (SpiderIPPool pool : pools) {
            AddressSpec p = AddressSpec.of(pool.getSpec());
            if (p.knownFamily().filter(f -> f == spec.family()).isEmpty() || p.knownCidr().isEmpty()) {
                continue;
            }
            if (!spec.subnet().equals(p.subnet())) {
                if (cidr.overlaps(p.knownCidr().get())) {
                    return fail(FieldError.invalid(SUBNET, spec.subnet(), "'" + spec.subnet() + "' overlaps IPPool '"
                            + Owners.nameOf(pool) + "' whose spec.subnet is '" + p.subnet() + "'; use '" + p.subnet()
                            + "' itself or a CIDR that does not overlap it"));
                }
                continue;
            }
            List<FieldError> ranges = specRanges(spec);
            if (!ranges.isEmpty()) {
                return ranges; // the subnet's own IPs must read before pools can be compared with them
            }
            Optional<IpSet> outside = p.knownTotalIps().map(ips -> ips.subtract(spec.totalIps())).filter(s -> !s.isEmpty());
            if (outside.isPresent()) {
                String ips = SpecRules.describe(outside.get());
                return fail(FieldError.invalid(IPS, ips, "IPPool '" + Owners.nameOf(pool) + "' owns " + ips + ", which"
                        + " Subnet '" + Owners.nameOf(subnet) + "' would not control; add them to spec.ips and keep them out of spec.excludeIPs"));
            }
        }
        return PASS;
    }

    private static List<FieldError> specRanges(AddressSpec spec) {
        return Rules.firstFailure(
                () -> SpecRules.rangesInsideSubnet(IPS, spec.ips(), spec),
                () -> SpecRules.rangesInsideSubnet(EXCLUDE_IPS, spec.excludeIPs(), spec));
    }

    /** Unlike a pool's, a subnet's {@code ips} entries may overlap: they only describe what it offers. */
    private static List<FieldError> specRules(AddressSpec spec) {
        return Rules.firstFailure(
                () -> specRanges(spec),
                () -> SpecRules.gateway(spec),
                () -> SpecRules.routes(spec));
    }
}
