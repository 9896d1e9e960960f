package io.spidernet.spiderpool.controller.coordinator;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.spidernet.spiderpool.kube.KubeReads;
import java.util.List;
import java.util.Optional;

/**
 * A cluster-scoped kind of another project that the status is computed from, read untyped. Whether
 * the cluster serves it is asked of API discovery (which every authenticated client may read), in
 * the order of {@code versions}: the newest the cluster has is used.
 */
record ForeignKind(String group, List<String> versions, String plural, String kind) {
    /** Calico's pools (Calico's CRDs; the operator's projectcalico.org/v3 API is served over these). */
    static final ForeignKind CALICO_IPPOOL = new ForeignKind("crd.projectcalico.org", List.of("v1"), "ippools", "IPPool");
    /** Cilium's multi-pool IPAM pools. */
    static final ForeignKind CILIUM_POD_IPPOOL =
            new ForeignKind("cilium.io", List.of("v2alpha1"), "ciliumpodippools", "CiliumPodIPPool");
    /**
     * Kubernetes' ServiceCIDR: v1 from 1.33, v1beta1 in 1.31-1.32 and v1alpha1 in 1.27-1.30 (upstream
     * reads only v1alpha1, so it stops seeing ServiceCIDRs on a cluster that serves v1 alone).
     */
    static final ForeignKind SERVICE_CIDR =
            new ForeignKind("networking.k8s.io", List.of("v1", "v1beta1", "v1alpha1"), "servicecidrs", "ServiceCIDR");

    /** The newest version of this kind the cluster serves, or empty when it serves none. */
    Optional<ResourceDefinitionContext> served(KubernetesClient client) {
        for (String version : versions) {
            Optional<APIResourceList> resources = KubeReads.orAbsent(() -> client.getApiResources(group + "/" + version));
            if (resources.map(r -> r.getResources().stream().anyMatch(a -> plural.equals(a.getName()))).orElse(false)) {
                return Optional.of(new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version)
                        .withPlural(plural).withKind(kind).withNamespaced(false).build());
            }
        }
        return Optional.empty();
    }
}
