package io.spidernet.spiderpool.core.coordinator.status;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * Everything the status is computed from, as the adapter found it. An absent optional list means
 * that kind is not served by this cluster (no Calico, no multi-pool Cilium, Kubernetes before
 * ServiceCIDR), which is not the same as none of them existing.
 *
 * @param ciliumConfigName    {@code namespace/name} of Cilium's ConfigMap, for messages
 * @param kubeadmConfig       {@code kube-system/kubeadm-config}, or null
 * @param controllerManagers  pods labelled {@code component=kube-controller-manager}
 * @param ciliumConfig        Cilium's ConfigMap, or null
 */
public record ClusterSnapshot(CniConfigDir cniConfigDir, ConfigMap kubeadmConfig, List<Pod> controllerManagers,
                              String ciliumConfigName, ConfigMap ciliumConfig,
                              Optional<List<GenericKubernetesResource>> calicoPools,
                              Optional<List<GenericKubernetesResource>> ciliumPools,
                              Optional<List<GenericKubernetesResource>> serviceCidrs) {
    public ClusterSnapshot {
        controllerManagers = List.copyOf(controllerManagers);
    }
}
