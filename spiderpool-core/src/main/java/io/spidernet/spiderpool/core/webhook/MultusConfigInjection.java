package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Rules.PASS;
import static io.spidernet.spiderpool.core.webhook.Rules.fail;

import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.model.multus.CniType;
import io.spidernet.spiderpool.core.model.multus.MultusConfigSpec;
import io.spidernet.spiderpool.core.model.multus.SpiderpoolPools;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules of the two resource-inject annotations (research notes §7.5): the Pod webhook adds this
 * network and its device resource to pods that ask by the annotation's value, so the network must
 * name a resource and give pools. {@code rdma-resource-inject} always needs the resource;
 * {@code network-resource-inject} works without one (the pod then gets the network only) and needs
 * pools only with it, as upstream. ovs and custom networks cannot be injected.
 */
final class MultusConfigInjection {
    private static final int MAX_LABEL_VALUE = 63;
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

    private MultusConfigInjection() {}

    /** What the Pod webhook would inject for a type: the resource's path and name, and the pools. */
    private record Injected(String resourcePath, String resource, SpiderpoolPools pools, String poolsPath) {}

    static List<FieldError> check(Map<String, String> annotations, MultusConfigSpec spec) {
        for (String key : MultusConfigMutator.INJECT_ANNOTATIONS) {
            String value = annotations.get(key);
            if (value == null) {
                continue;
            }
            List<FieldError> errors = Rules.firstFailure(() -> labelValue(key, value), () -> injectable(key, spec));
            if (!errors.isEmpty()) {
                return errors;
            }
        }
        return PASS;
    }

    /** The value is copied to a label the Pod webhook selects by. */
    private static List<FieldError> labelValue(String key, String value) {
        boolean fits = value.length() <= MAX_LABEL_VALUE && LABEL_VALUE.matcher(value).matches();
        return fits ? PASS : fail(FieldError.invalid("metadata.annotations[" + key + "]",
                value, "must be usable as a label value: at most " + MAX_LABEL_VALUE + " letters, digits,"
                        + " '-', '_' or '.', starting and ending with a letter or digit, e.g. 'rdma-rail1'"));
    }

    private static List<FieldError> injectable(String key, MultusConfigSpec spec) {
        CniType type = spec.getCniType();
        if (type == CniType.OVS || type == CniType.CUSTOM) {
            return fail(FieldError.forbidden("metadata.annotations[" + key + "]", null, "cniType " + type.wire() + " cannot be"
                    + " injected into pods; remove the annotation, or use macvlan, ipvlan, vlan, sriov, ib-sriov or ipoib"));
        }
        Injected injected = injected(spec);
        if (injected == null) {
            return PASS;  // the block itself is missing: the cniType rules say so
        }
        boolean rdma = key.equals(SpiderpoolAnnotations.RDMA_RESOURCE_INJECT);
        boolean noResource = injected.resource() == null || injected.resource().isEmpty();
        if (rdma && noResource) {
            return fail(FieldError.required(injected.resourcePath(), "is required with the annotation " + key + ": it names the"
                    + " RDMA device resource pods are given"));
        }
        if (noResource) {
            return PASS;
        }
        SpiderpoolPools pools = injected.pools();
        int count = pools == null ? 0 : size(pools.ipv4()) + size(pools.ipv6());
        return count > 0 ? PASS : fail(FieldError.required(injected.poolsPath(), "needs at least one pool in ipv4 or ipv6"
                + " with the annotation " + key + ": injected pods take their addresses from them"));
    }

    private static Injected injected(MultusConfigSpec spec) {
        return switch (spec.getCniType()) {
            case MACVLAN -> spec.getMacvlan() == null ? null : new Injected("spec.macvlan.rdmaResourceName",
                    spec.getMacvlan().rdmaResourceName(), spec.getMacvlan().ippools(), "spec.macvlan.ippools");
            case IPVLAN -> spec.getIpvlan() == null ? null : new Injected("spec.ipvlan.rdmaResourceName",
                    spec.getIpvlan().rdmaResourceName(), spec.getIpvlan().ippools(), "spec.ipvlan.ippools");
            case VLAN -> spec.getVlan() == null ? null : new Injected("spec.vlan.rdmaResourceName",
                    spec.getVlan().rdmaResourceName(), spec.getVlan().ippools(), "spec.vlan.ippools");
            case SRIOV -> spec.getSriov() == null ? null : new Injected("spec.sriov.resourceName",
                    spec.getSriov().resourceName(), spec.getSriov().ippools(), "spec.sriov.ippools");
            case IB_SRIOV -> spec.getIbsriov() == null ? null : new Injected("spec.ibsriov.resourceName",
                    spec.getIbsriov().resourceName(), spec.getIbsriov().ippools(), "spec.ibsriov.ippools");
            // upstream takes the master interface's name as the resource for IPoIB
            case IPOIB -> spec.getIpoib() == null ? null : new Injected("spec.ipoib.master", spec.getIpoib().master(),
                    spec.getIpoib().ippools(), "spec.ipoib.ippools");
            case OVS, CUSTOM -> null;
        };
    }

    private static int size(List<String> list) {
        return list == null ? 0 : list.size();
    }
}
