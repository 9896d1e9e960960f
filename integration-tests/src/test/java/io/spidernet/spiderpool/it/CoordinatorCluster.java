package io.spidernet.spiderpool.it;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorStatus;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A Calico cluster on Kubernetes with ServiceCIDRs, as the controller's SpiderCoordinator status
 * controller discovers it: the kinds' CRDs (so API discovery serves them, as in a cluster that
 * installed them), one Calico IPPool, the API server's own ServiceCIDR, and the SpiderCoordinator
 * named {@code default}.
 */
final class CoordinatorCluster {
    static final String POD_CIDR = "10.244.0.0/16";
    static final List<String> SERVICE_CIDRS = List.of("10.233.0.0/18", "fd00:10:233::/116");
    private static final ResourceDefinitionContext IPPOOLS = clusterScoped("crd.projectcalico.org", "v1", "ippools", "IPPool");
    private static final ResourceDefinitionContext SERVICECIDRS =
            clusterScoped("networking.k8s.io", "v1", "servicecidrs", "ServiceCIDR");
    private static final ResourceDefinitionContext CILIUM_POOLS =
            clusterScoped("cilium.io", "v2alpha1", "ciliumpodippools", "CiliumPodIPPool");

    private final KubernetesClient client;

    CoordinatorCluster(KubernetesClient client) {
        this.client = client;
    }

    /** Before the controller leads: it looks the kinds up once it does. */
    void create(PodCidrType type, int hostRuleTable) {
        for (ResourceDefinitionContext kind : List.of(IPPOOLS, SERVICECIDRS, CILIUM_POOLS)) {
            client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                    .withNewMetadata().withName(kind.getPlural() + "." + kind.getGroup()).endMetadata()
                    .withNewSpec().withGroup(kind.getGroup()).withScope("Cluster")
                    .withNewNames().withKind(kind.getKind()).withPlural(kind.getPlural())
                    .withSingular(kind.getKind().toLowerCase()).endNames()
                    .addNewVersion().withName(kind.getVersion()).withServed(true).withStorage(true).endVersion()
                    .endSpec().build()).create();
        }
        create(IPPOOLS, "default-ipv4-ippool", Map.of("cidr", POD_CIDR, "blockSize", 26, "ipipMode", "Always",
                "natOutgoing", true, "nodeSelector", "all()"));
        create(SERVICECIDRS, "kubernetes", Map.of("cidrs", SERVICE_CIDRS));
        SpiderCoordinator c = new SpiderCoordinator();
        c.setMetadata(new ObjectMetaBuilder().withName(SpiderCoordinator.DEFAULT_NAME).build());
        CoordinatorSpec spec = new CoordinatorSpec();
        spec.setPodCIDRType(type);
        spec.setHostRuleTable(hostRuleTable);
        c.setSpec(spec);
        client.resource(c).create();
    }

    void setPodCidrType(PodCidrType type) {
        client.resources(SpiderCoordinator.class).withName(SpiderCoordinator.DEFAULT_NAME)
                .edit(c -> {
                    c.getSpec().setPodCIDRType(type);
                    return c;
                });
    }

    boolean status(Predicate<CoordinatorStatus> test) {
        SpiderCoordinator c = client.resources(SpiderCoordinator.class).withName(SpiderCoordinator.DEFAULT_NAME).get();
        return c != null && c.getStatus() != null && test.test(c.getStatus());
    }

    static boolean synced(CoordinatorStatus s) {
        return CoordinatorStatus.PHASE_SYNCED.equals(s.getPhase()) && List.of(POD_CIDR).equals(s.getOverlayPodCIDR())
                && SERVICE_CIDRS.equals(s.getServiceCIDR());
    }

    private void create(ResourceDefinitionContext kind, String name, Map<String, Object> spec) {
        GenericKubernetesResource o = new GenericKubernetesResource();
        o.setApiVersion(kind.getGroup() + "/" + kind.getVersion());
        o.setKind(kind.getKind());
        o.setMetadata(new ObjectMetaBuilder().withName(name).build());
        o.setAdditionalProperty("spec", spec);
        client.genericKubernetesResources(kind).resource(o).create();
    }

    private static ResourceDefinitionContext clusterScoped(String group, String version, String plural, String kind) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural).withKind(kind)
                .withNamespaced(false).build();
    }
}
