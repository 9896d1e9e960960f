package io.spidernet.spiderpool.core.webhook;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.AddressRangeSpec;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Steps the three mutators share. Each reports a problem as a warning and tells the caller to stop. */
final class MutationSteps {

    private MutationSteps() {}

    /** The finalizer keeps the object until the controller has released what it holds. */
    static void addFinalizer(ObjectMeta meta) {
        List<String> finalizers = meta.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(meta.getFinalizers());
        if (!finalizers.contains(SpiderpoolGroup.FINALIZER)) {
            finalizers.add(SpiderpoolGroup.FINALIZER);
        }
        meta.setFinalizers(finalizers);
    }

    static void setLabel(ObjectMeta meta, String key, String value) {
        if (meta.getLabels() == null) {
            meta.setLabels(new HashMap<>());
        }
        meta.getLabels().put(key, value);
    }

    /** The family of {@code spec.subnet}, which is how a missing {@code ipVersion} is inferred. */
    static Optional<IpFamily> familyOfCidr(String subnet, List<String> warnings) {
        try {
            return Optional.of(Cidr.parse(subnet).family());
        } catch (IllegalArgumentException e) {
            warnings.add("spec.ipVersion: not inferred, spec.subnet " + e.getMessage() + "; nothing else was defaulted");
            return Optional.empty();
        }
    }

    /** The CIDR label value, once {@code spec.subnet} is known to be a CIDR of the family. */
    static Optional<String> cidrLabel(String subnet, IpFamily family, List<String> warnings) {
        try {
            Cidr.parse(subnet, family);
            return Optional.of(IpamLabels.cidrLabelValue(subnet));
        } catch (IllegalArgumentException e) {
            warnings.add("spec.subnet: " + e.getMessage() + "; no CIDR label was set and nothing else was defaulted");
            return Optional.empty();
        }
    }

    /**
     * Rewrites the entries as sorted, coalesced ranges; false (with a warning) when one does not
     * parse. Like upstream, a single entry is left as written: merging only rewrites a list the user
     * gave several entries in.
     */
    static boolean merge(String field, List<String> entries, IpFamily family, Consumer<List<String>> setter,
            List<String> warnings) {
        if (entries == null || entries.size() < 2) {
            return true;
        }
        try {
            setter.accept(new ArrayList<>(IpSet.parse(family, entries).toStrings()));
            return true;
        } catch (IllegalArgumentException e) {
            warnings.add(field + ": not merged, " + e.getMessage());
            return false;
        }
    }

    /**
     * What both pool and subnet mutation do to the address fields: the finalizer, {@code ipVersion}
     * inferred from the CIDR, the CIDR label, merged and sorted {@code ips} and {@code excludeIPs}.
     * Returns the CIDR label value, or empty when the spec is too broken to go on (the validator
     * then says why).
     */
    static Optional<String> addressDefaults(ObjectMeta meta, AddressRangeSpec spec, String cidrLabelKey,
                                            List<String> warnings) {
        addFinalizer(meta);
        if (spec.getIpVersion() == null) {
            Optional<IpFamily> inferred = familyOfCidr(spec.getSubnet(), warnings);
            if (inferred.isEmpty()) {
                return Optional.empty();
            }
            spec.setIpVersion(IpVersion.of(inferred.get()));
        }
        IpFamily family = spec.getIpVersion().family();
        Optional<String> label = cidrLabel(spec.getSubnet(), family, warnings);
        label.ifPresent(l -> setLabel(meta, cidrLabelKey, l));
        return label;
    }

    /** Merges {@code ips}, then {@code excludeIPs} if that went well. */
    static void mergeRanges(AddressRangeSpec spec, List<String> warnings) {
        IpFamily family = spec.getIpVersion().family();
        if (merge("spec.ips", spec.getIps(), family, spec::setIps, warnings)) {
            merge("spec.excludeIPs", spec.getExcludeIPs(), family, spec::setExcludeIPs, warnings);
        }
    }
}
