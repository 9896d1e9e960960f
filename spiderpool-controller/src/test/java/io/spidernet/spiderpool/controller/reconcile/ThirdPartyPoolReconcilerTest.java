package io.spidernet.spiderpool.controller.reconcile;

import static io.spidernet.spiderpool.controller.reconcile.SubnetWorld.ips;
import static io.spidernet.spiderpool.controller.reconcile.SubnetWorld.ipsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Auto-pools of a third-party controller (an OpenKruise CloneSet here), made from its pods' request
 * and reclaimed once the CloneSet is gone.
 */
@EnableKubernetesMockClient(crud = true)
class ThirdPartyPoolReconcilerTest {
    KubernetesClient client;
    private SubnetWorld world;
    private ThirdPartyPoolReconciler reconciler;

    @BeforeEach
    void world() {
        world = new SubnetWorld(client);
        world.subnet("s4", "10.6.0.0/24", List.of("10.6.0.10-10.6.0.50"), List.of());
        reconciler = new ThirdPartyPoolReconciler(world.sync);
        // the third-party kind's CRD, so that API discovery knows it as in a cluster running OpenKruise
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder().withNewMetadata()
                .withName("clonesets.apps.kruise.io").endMetadata().withNewSpec().withGroup("apps.kruise.io").withScope("Namespaced")
                .withNewNames().withKind("CloneSet").withPlural("clonesets").withSingular("cloneset").endNames()
                .addNewVersion().withName("v1alpha1").withServed(true).withStorage(true).withNewSchema().withNewOpenAPIV3Schema()
                .withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build()).create();
    }

    @Test
    void aCloneSetsPodGetsItsApplicationAFixedSizePoolWhichGoesWithTheCloneSet() {
        GenericKubernetesResource cloneSet = cloneSet();
        Pod pod = pod(cloneSet, Map.of(SpiderpoolAnnotations.SUBNET, "{\"ipv4\":[\"s4\"]}",
                SpiderpoolAnnotations.IPPOOL_IP_NUMBER, "3", SpiderpoolAnnotations.IPPOOL_RECLAIM, "true"));

        reconciler.reconcile(pod, null);

        SpiderIPPool pool = world.onlyPoolOf("web");
        assertThat(ipsOf(pool)).isEqualTo(ips("10.6.0.10-10.6.0.12"));
        assertThat(pool.getMetadata().getLabels()).containsEntry(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_KIND, "CloneSet")
                .containsEntry(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID, cloneSet.getMetadata().getUid());
        assertThat(world.pools.reconcile(world.pool(pool.getMetadata().getName()))).isTrue();
        assertThat(world.allPools()).as("kept while the CloneSet exists").hasSize(1);

        client.genericKubernetesResources("apps.kruise.io/v1alpha1", "CloneSet").inNamespace(SubnetWorld.NS).withName("web").delete();
        world.pools.reconcile(world.pool(pool.getMetadata().getName()));
        world.finishDeletions("s4");

        assertThat(world.allPools()).isEmpty();
    }

    @Test
    void aThirdPartyPodWithoutAFixedSizeGetsNoPoolAndAWarningSayingWhy() {
        Pod pod = pod(cloneSet(), Map.of(SpiderpoolAnnotations.SUBNET, "{\"ipv4\":[\"s4\"]}"));

        reconciler.reconcile(pod, null);

        assertThat(world.allPools()).isEmpty();
        assertThat(world.warnings("InvalidAutoPoolRequest")).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("third-party").contains("ippool-ip-number"));
    }

    @Test
    void podsOfBuiltInControllersAreLeftToTheirOwnReconcilers() {
        Pod pod = new PodBuilder().withNewMetadata().withNamespace(SubnetWorld.NS).withName("web-1")
                .withAnnotations(Map.of(SpiderpoolAnnotations.SUBNET, "{\"ipv4\":[\"s4\"]}", SpiderpoolAnnotations.IPPOOL_IP_NUMBER, "3"))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web-5d")
                        .withUid("rs-uid").withController(true).build()).endMetadata().build();

        reconciler.reconcile(client.pods().resource(pod).create(), null);

        assertThat(world.allPools()).isEmpty();
    }

    private GenericKubernetesResource cloneSet() {
        return client.genericKubernetesResources("apps.kruise.io/v1alpha1", "CloneSet").inNamespace(SubnetWorld.NS)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("apps.kruise.io/v1alpha1").withKind("CloneSet")
                        .withNewMetadata().withNamespace(SubnetWorld.NS).withName("web").endMetadata().build()).create();
    }

    private Pod pod(GenericKubernetesResource owner, Map<String, String> annotations) {
        return client.pods().resource(new PodBuilder().withNewMetadata().withNamespace(SubnetWorld.NS).withName("web-x1")
                .withAnnotations(annotations).withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
                        .withKind(owner.getKind()).withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                        .withController(true).build()).endMetadata().build()).create();
    }
}
