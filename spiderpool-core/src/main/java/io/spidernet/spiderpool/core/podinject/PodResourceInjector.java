package io.spidernet.spiderpool.core.podinject;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import io.spidernet.spiderpool.core.webhook.FieldError;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Upstream's pod resource injection ({@code pkg/podmanager}): a pod (or, when the pod has neither
 * annotation, its namespace) names a group with {@code cni.spidernet.io/rdma-resource-inject} or
 * {@code cni.spidernet.io/network-resource-inject}; every SpiderMultusConfig, in any namespace, whose
 * label of the same key has that value (the SpiderMultusConfig webhook copies the annotation to the
 * label) becomes one of the pod's Multus networks, and the device-plugin resource behind each is
 * requested by the first container unless some container already asks for it.
 *
 * <p>As upstream: the networks annotation is replaced, not merged; networks are ordered by master
 * (bond name, first master, sriov resource name) and then by {@code namespace/name}; rdma injection
 * requires each network's resource and pools, network injection only requires pools of networks that
 * have a resource; ovs and custom networks are refused; with both annotations rdma wins. Departures:
 * the pod's own annotation wins over its namespace's of either kind (upstream asks for rdma on pod
 * then namespace before looking at network, so a namespace's rdma default overrode a pod's explicit
 * network choice); a resource already in a container's requests counts as asked for, not only one in
 * its limits; and the value and the number of networks are bounded.
 */
public final class PodResourceInjector {
    public static final String RDMA_INJECT = "cni.spidernet.io/rdma-resource-inject";
    public static final String NETWORK_INJECT = "cni.spidernet.io/network-resource-inject";
    /** Multus' networks annotation, written with the injected networks. */
    public static final String NETWORKS = "k8s.v1.cni.cncf.io/networks";
    /**
     * Networks one value may select at most. A pod with more secondary NICs than this is not a
     * deployment anyone runs (an 8-rail GPU node has 8), and the bound keeps the annotation and the
     * resource list of one pod small.
     */
    public static final int MAX_NETWORKS = 32;
    /** The value is matched against a label, so it must be a label value (63 characters at most). */
    private static final int MAX_VALUE_LENGTH = 63;
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final List<String> KEYS = List.of(RDMA_INJECT, NETWORK_INJECT);

    private final InjectScope scope;

    public PodResourceInjector(InjectScope scope) {
        this.scope = scope;
    }

    /**
     * @param namespace            the pod's namespace (the request's, as a pod being created may not name it)
     * @param namespaceAnnotations read only when the pod has neither annotation
     * @param configs              every SpiderMultusConfig; read only when an annotation applies
     */
    public InjectDecision decide(String namespace, Pod pod, Supplier<Map<String, String>> namespaceAnnotations,
                                 Supplier<? extends Collection<SpiderMultusConfig>> configs) {
        if (!scope.covers(namespace)) {
            return new InjectDecision.Unchanged();
        }
        Optional<Ask> ask = Ask.from(pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations(), "")
                .or(() -> Ask.from(namespaceAnnotations.get(), " (set on namespace " + namespace + ")"));
        if (ask.isEmpty()) {
            return new InjectDecision.Unchanged();
        }
        Ask a = ask.get();
        if (a.value.length() > MAX_VALUE_LENGTH || !LABEL_VALUE.matcher(a.value).matches()) {
            return a.refuse("is not a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a"
                    + " letter or digit); it must equal the value of a SpiderMultusConfig's annotation of the same name");
        }
        List<SpiderMultusConfig> matched = configs.get().stream()
                .filter(c -> c.getMetadata().getLabels() != null && a.value.equals(c.getMetadata().getLabels().get(a.key)))
                .toList();
        if (matched.isEmpty()) {
            return a.refuse("no SpiderMultusConfig has the annotation " + a.key + ": \"" + a.value
                    + "\"; annotate the SpiderMultusConfigs this pod should use with it, or correct the value");
        }
        if (matched.size() > MAX_NETWORKS) {
            return a.refuse(matched.size() + " SpiderMultusConfigs have the annotation " + a.key + ": \"" + a.value
                    + "\"; at most " + MAX_NETWORKS + " networks are injected into one pod");
        }
        return networks(a, matched, pod);
    }

    private static InjectDecision networks(Ask a, List<SpiderMultusConfig> matched, Pod pod) {
        List<InjectableNetwork> networks = new java.util.ArrayList<>();
        for (SpiderMultusConfig smc : matched) {
            switch (InjectableNetwork.of(smc)) {
                case InjectableNetwork.Result.Unusable u -> {
                    return a.refuse("SpiderMultusConfig " + u.ref() + " " + u.why());
                }
                case InjectableNetwork.Result.Usable u -> networks.add(u.network());
            }
        }
        networks.sort(Comparator.comparing(InjectableNetwork::sortKey).thenComparing(InjectableNetwork::ref));
        for (InjectableNetwork n : networks) {
            Optional<String> problem = n.problem(a.key.equals(RDMA_INJECT));
            if (problem.isPresent()) {
                return a.refuse("SpiderMultusConfig " + n.ref() + ": " + problem.get());
            }
        }
        Set<String> resources = new LinkedHashSet<>();
        networks.stream().map(InjectableNetwork::resourceName).filter(r -> !r.isEmpty()).forEach(resources::add);
        List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of()
                : pod.getSpec().getContainers();
        resources.removeAll(requested(containers));
        if (!resources.isEmpty() && containers.isEmpty()) {
            return a.refuse("the pod has no container to request " + String.join(", ", resources) + " for");
        }
        String refs = String.join(",", networks.stream().map(InjectableNetwork::ref).toList());
        return new InjectDecision.Inject(a.key, a.value, refs, List.copyOf(resources));
    }

    private static Set<String> requested(List<Container> containers) {
        Set<String> names = new HashSet<>();
        for (Container c : containers) {
            if (c.getResources() != null) {
                Optional.ofNullable(c.getResources().getLimits()).ifPresent(m -> names.addAll(m.keySet()));
                Optional.ofNullable(c.getResources().getRequests()).ifPresent(m -> names.addAll(m.keySet()));
            }
        }
        return names;
    }

    /** The annotation that applies, where it was found. */
    private record Ask(String key, String value, String where) {
        static Optional<Ask> from(Map<String, String> annotations, String where) {
            if (annotations == null) {
                return Optional.empty();
            }
            return KEYS.stream().filter(annotations::containsKey).findFirst()
                    .map(k -> new Ask(k, annotations.get(k) == null ? "" : annotations.get(k), where));
        }

        InjectDecision refuse(String detail) {
            return new InjectDecision.Refused(FieldError.invalid("metadata.annotations[" + key + "]", value,
                    detail + where));
        }
    }
}
