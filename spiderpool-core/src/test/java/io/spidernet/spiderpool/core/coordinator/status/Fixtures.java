package io.spidernet.spiderpool.core.coordinator.status;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The realistic objects under src/test/resources/coordinator-status, and snapshots built from them. */
final class Fixtures {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private Fixtures() {}

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/coordinator-status/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConfigMap configMap(String name) {
        return YAML.unmarshal(text(name), ConfigMap.class);
    }

    static Pod pod(String name) {
        return YAML.unmarshal(text(name), Pod.class);
    }

    /** Every document of a multi-document fixture, untyped as the adapter reads foreign kinds. */
    static List<GenericKubernetesResource> objects(String name) {
        List<HasMetadata> all = YAML.unmarshal(text(name));
        return all.stream().map(o -> YAML.convertValue(o, GenericKubernetesResource.class)).toList();
    }

    static CniConfigDir cni(String file) {
        return new CniConfigDir("/etc/cni/net.d", file, text("cni/" + file), null);
    }

    /** A kubeadm cluster with Calico, no ServiceCIDR API: each test changes what it is about. */
    static ClusterSnapshot kubeadmCalico() {
        return new ClusterSnapshot(cni("10-calico.conflist"), configMap("kubeadm-config.yaml"),
                List.of(pod("kube-controller-manager-kind.yaml")), "kube-system/cilium-config", null,
                Optional.of(objects("calico-ippools.yaml")), Optional.empty(), Optional.empty());
    }
}
