package io.spidernet.spiderpool.core.selection;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The candidate filters in upstream's order (terminating, disable, ipVersion, node, namespace,
 * pod, multus, master subnet). The first filter that refuses a pool gives the reason the user sees.
 */
public final class PoolFilters {
    private static final List<String> APP_LABELS = SpiderpoolAnnotations.APP_LABEL_KEYS;

    private PoolFilters() {}

    /**
     * Facts a filter looks at besides the pool.
     *
     * @param masterAddresses addresses on the sriov VF's parent NIC, only used when matchMasterSubnet
     */
    public record Context(PodFacts pod, NicRequest nic, IpFamily family, String spiderpoolNamespace,
                          boolean matchMasterSubnet, List<IpAddress> masterAddresses) {}

    /** A named filter: empty when the pool may be used, else why not. */
    public record Filter(String name, BiFunction<SpiderIPPool, Context, Optional<String>> refusal) {}

    public static final List<Filter> CHAIN = List.of(
            new Filter("terminating", (p, c) -> p.isTerminating()
                    ? Optional.of("is being deleted") : Optional.empty()),
            new Filter("disable", (p, c) -> Boolean.TRUE.equals(p.getSpec().getDisable())
                    ? Optional.of("is disabled (spec.disable: true)") : Optional.empty()),
            new Filter("ipVersion", PoolFilters::ipVersion),
            new Filter("node", PoolFilters::node),
            new Filter("namespace", PoolFilters::namespace),
            new Filter("pod", PoolFilters::pod),
            new Filter("multus", PoolFilters::multus),
            new Filter("masterSubnet", PoolFilters::masterSubnet));

    public static Optional<String> refusal(SpiderIPPool pool, Context ctx) {
        for (Filter f : CHAIN) {
            Optional<String> why = f.refusal().apply(pool, ctx);
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> ipVersion(SpiderIPPool p, Context c) {
        if (p.family().isEmpty()) {
            return Optional.of("has no spec.ipVersion");
        }
        return p.family().get() == c.family() ? Optional.empty()
                : Optional.of("is " + p.family().get() + " but was listed for " + c.family());
    }

    private static Optional<String> node(SpiderIPPool p, Context c) {
        IPPoolSpec s = p.getSpec();
        if (s.getNodeName() != null && !s.getNodeName().isEmpty()) {
            return s.getNodeName().contains(c.pod().nodeName()) ? Optional.empty()
                    : Optional.of("spec.nodeName " + s.getNodeName() + " does not include node " + c.pod().nodeName());
        }
        return selector("spec.nodeAffinity", s.getNodeAffinity(), c.pod().nodeLabels(), "node " + c.pod().nodeName());
    }

    private static Optional<String> namespace(SpiderIPPool p, Context c) {
        IPPoolSpec s = p.getSpec();
        if (s.getNamespaceName() != null && !s.getNamespaceName().isEmpty()) {
            return s.getNamespaceName().contains(c.pod().namespace()) ? Optional.empty()
                    : Optional.of("spec.namespaceName " + s.getNamespaceName() + " does not include namespace "
                    + c.pod().namespace());
        }
        return selector("spec.namespaceAffinity", s.getNamespaceAffinity(), c.pod().namespaceLabels(),
                "namespace " + c.pod().namespace());
    }

    private static Optional<String> pod(SpiderIPPool p, Context c) {
        LabelSelector affinity = p.getSpec().getPodAffinity();
        if (affinity == null) {
            return Optional.empty();
        }
        if (p.isAutoCreated()) {
            // an application's pool: it matches the pod's top controller, not the pod's labels
            PodFacts.TopController t = c.pod().controller();
            Map<String, String> app = t == null ? Map.of() : Map.of(
                    APP_LABELS.get(0), t.apiGroup() == null ? "" : t.apiGroup(),
                    APP_LABELS.get(1), t.version(), APP_LABELS.get(2), t.kind(),
                    APP_LABELS.get(3), t.namespace(), APP_LABELS.get(4), t.name());
            Map<String, String> want = affinity.getMatchLabels() == null ? Map.of() : affinity.getMatchLabels();
            for (String key : APP_LABELS) {
                if (!String.valueOf(want.get(key)).equals(String.valueOf(app.get(key)))) {
                    return Optional.of("belongs to application " + want.get(APP_LABELS.get(2)) + " "
                            + want.get(APP_LABELS.get(3)) + "/" + want.get(APP_LABELS.get(4))
                            + ", not to the pod's controller " + (t == null ? "(none)" : t.kind() + " " + t.namespace() + "/" + t.name()));
                }
            }
            return Optional.empty();
        }
        return selector("spec.podAffinity", affinity, c.pod().labels(), "pod " + c.pod());
    }

    /** Only pools that set multusName look at the NIC's network (upstream v1.0 semantics). */
    private static Optional<String> multus(SpiderIPPool p, Context c) {
        List<String> names = p.getSpec().getMultusName();
        if (names == null || names.isEmpty()) {
            return Optional.empty();
        }
        String network = c.nic().network();
        for (String n : names) {
            String qualified = n.contains("/") ? n : c.spiderpoolNamespace() + "/" + n;
            if (qualified.equals(network)) {
                return Optional.empty();
            }
        }
        return Optional.of("spec.multusName " + names + " does not include the network of NIC " + c.nic().nic()
                + " (" + (network == null ? "unknown: no Multus annotation names it" : network) + ")");
    }

    private static Optional<String> masterSubnet(SpiderIPPool p, Context c) {
        if (!c.matchMasterSubnet()) {
            return Optional.empty();
        }
        Cidr subnet = Cidr.parse(p.getSpec().getSubnet());
        for (IpAddress a : c.masterAddresses()) {
            if (subnet.contains(a)) {
                return Optional.empty();
            }
        }
        return Optional.of("subnet " + subnet + " holds no address of the master interface " + c.masterAddresses()
                + " (match_master_subnet is on)");
    }

    private static Optional<String> selector(String field, LabelSelector sel, Map<String, String> labels, String who) {
        if (sel == null) {
            return Optional.empty();
        }
        return LabelSelectors.mismatch(sel, labels).map(why -> field + " does not select " + who + ": " + why);
    }
}
