package io.spidernet.spiderpool.core.coordinator.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.core.config.BoundedYaml;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Kubernetes cluster's own pod and service CIDRs: kubeadm's {@code ClusterConfiguration}
 * ({@code networking.podSubnet}, {@code networking.serviceSubnet}) first, and what it leaves out
 * from the kube-controller-manager pod's flags ({@code --cluster-cidr},
 * {@code --service-cluster-ip-range}), for clusters kubeadm did not make (RKE2, k3s, binaries
 * behind a static pod). Each list keeps its valid CIDRs in order and skips the rest, as upstream does.
 */
public record ClusterCidrs(List<String> pod, List<String> service) {
    public static final String KUBEADM_CONFIG = "kubeadm-config";
    public static final String KUBEADM_NAMESPACE = "kube-system";
    public static final String KCM_LABEL = "component";
    public static final String KCM_LABEL_VALUE = "kube-controller-manager";
    /** Flags are looked for in at most this many command and argument items. */
    static final int MAX_FLAG_ITEMS = 512;

    private static final ClusterCidrs NONE = new ClusterCidrs(List.of(), List.of());

    /** From {@code kube-system/kubeadm-config}; nothing when it or its ClusterConfiguration is missing or not YAML. */
    public static ClusterCidrs ofKubeadm(ConfigMap kubeadmConfig) {
        if (kubeadmConfig == null || kubeadmConfig.getData() == null) {
            return NONE;
        }
        String text = kubeadmConfig.getData().get("ClusterConfiguration");
        if (text == null) {
            return NONE;
        }
        List<JsonNode> docs;
        try {
            docs = BoundedYaml.documents(text, "kubeadm-config's ClusterConfiguration");
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        if (docs.isEmpty()) {
            return NONE;
        }
        JsonNode net = docs.getFirst().path("networking");
        return new ClusterCidrs(CidrLists.validOf(net.path("podSubnet").asText(null)),
                CidrLists.validOf(net.path("serviceSubnet").asText(null)));
    }

    /**
     * From the flags of a kube-controller-manager pod's first container, command before args, as
     * {@code --flag=value} or {@code --flag value}, also inside one shell-style item
     * ({@code sh -c "kube-controller-manager --cluster-cidr=..."}). The pod chosen is the first by
     * namespace and name, so the answer does not depend on list order.
     */
    public static ClusterCidrs ofControllerManager(List<Pod> kcmPods) {
        Optional<Pod> pod = kcmPods.stream()
                .filter(p -> p.getSpec() != null && p.getSpec().getContainers() != null && !p.getSpec().getContainers().isEmpty())
                .min(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getNamespace()))
                        .thenComparing(p -> String.valueOf(p.getMetadata().getName())));
        if (pod.isEmpty()) {
            return NONE;
        }
        Container c = pod.get().getSpec().getContainers().getFirst();
        List<String> tokens = new ArrayList<>();
        Stream.of(c.getCommand(), c.getArgs()).filter(Objects::nonNull).flatMap(items -> items.stream().limit(MAX_FLAG_ITEMS))
                .filter(Objects::nonNull).forEach(i -> tokens.addAll(List.of(i.trim().split("\\s+"))));
        return new ClusterCidrs(CidrLists.validOf(flag(tokens, "--cluster-cidr")),
                CidrLists.validOf(flag(tokens, "--service-cluster-ip-range")));
    }

    /** Each list from {@code this} where it has one, else from {@code other}. */
    public ClusterCidrs orElse(ClusterCidrs other) {
        return new ClusterCidrs(pod.isEmpty() ? other.pod : pod, service.isEmpty() ? other.service : service);
    }

    public boolean complete() {
        return !pod.isEmpty() && !service.isEmpty();
    }

    /** The value of flag {@code name}; when repeated the last, as the flag parser of kube-controller-manager takes it. */
    private static String flag(List<String> tokens, String name) {
        String value = null;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.startsWith(name + "=")) {
                value = t.substring(name.length() + 1);
            } else if (t.equals(name) && i + 1 < tokens.size()) {
                value = tokens.get(i + 1);
            }
        }
        return value == null ? null : unquote(value);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))
                ? v.substring(1, v.length() - 1) : v;
    }
}
