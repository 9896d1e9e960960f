package io.spidernet.spiderpool.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The owners core's rules ask about, read from the cache first when there is one, else from the API server. */
@EnableKubernetesMockClient(crud = true)
class OwnerLookupTest {
    KubernetesClient client;

    private static OwnerReference controller(String apiVersion, String kind, String name, String uid) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name).withUid(uid)
                .withController(true).build();
    }

    private static ReplicaSet deploymentsReplicaSet() {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace("ns").withName("web-1").withUid("rs-uid")
                .withOwnerReferences(controller("apps/v1", "Deployment", "web", "deploy-uid")).endMetadata().build();
    }

    private static Pod podOf(ReplicaSet owner) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName("web-1-x").withUid("pod-uid")
                .withOwnerReferences(controller("apps/v1", "ReplicaSet", "web-1", owner.getMetadata().getUid()))
                .endMetadata().build();
    }

    @Test
    void aReplicaSetsPodBelongsToItsDeployment() {
        ReplicaSet created = client.apps().replicaSets().inNamespace("ns").resource(deploymentsReplicaSet()).create();

        TopController top = OwnerLookup.fromApi(client).topController(podOf(created));

        assertThat(top.kind()).isEqualTo("Deployment");
        assertThat(top.name()).isEqualTo("web");
    }

    @Test
    void aCachedOwnerIsNotAskedOfTheApiServer() {
        OwnerLookup.Cache cache = new OwnerLookup.Cache() {
            @Override
            public Optional<ReplicaSet> replicaSet(String namespace, String name) {
                return Optional.of(deploymentsReplicaSet());
            }

            @Override
            public Optional<Job> job(String namespace, String name) {
                return Optional.empty();
            }
        };

        assertThat(OwnerLookup.fromApi(client).cachedFirst(cache).topController(podOf(deploymentsReplicaSet())).kind()).isEqualTo("Deployment");
    }

    @Test
    void aReplicaSetThatIsGoneIsItsPodsTopController() {
        TopController top = OwnerLookup.fromApi(client).namingFailures().topController(podOf(deploymentsReplicaSet()));

        assertThat(top.kind()).isEqualTo("ReplicaSet");
        assertThat(top.name()).isEqualTo("web-1");
    }

    @Test
    void aStatefulSetIsReadFromTheApiServer() {
        client.apps().statefulSets().inNamespace("ns").resource(new StatefulSetBuilder().withNewMetadata()
                .withName("db").endMetadata().build()).create();
        OwnerLookup owners = OwnerLookup.fromApi(client);

        assertThat(owners.statefulSet("ns", "db")).isPresent();
        assertThat(owners.statefulSet("ns", "cache")).isEmpty();
    }

    /** Read by discovery, a kind that is not installed threw (not a 404), failing every DEL of a VM's record. */
    @Test
    void aKubevirtKindThatIsNotInstalledReadsAsAbsent() {
        OwnerLookup owners = OwnerLookup.fromApi(client).namingFailures();

        assertThat(owners.kubevirt("VirtualMachine", "ns", "vm1")).isEmpty();
        assertThat(owners.kubevirt("VirtualMachineInstance", "ns", "vm1")).isEmpty();
    }

    @Test
    void aKubevirtObjectIsReadByItsPlural() {
        client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("kubevirt.io").withVersion("v1")
                .withKind("VirtualMachineInstance").withPlural("virtualmachineinstances").withNamespaced(true).build())
                .inNamespace("ns").resource(new GenericKubernetesResourceBuilder().withApiVersion("kubevirt.io/v1")
                        .withKind("VirtualMachineInstance").withNewMetadata().withName("vm1").endMetadata().build()).create();

        assertThat(OwnerLookup.fromApi(client).kubevirt("VirtualMachineInstance", "ns", "vm1"))
                .hasValueSatisfying(vmi -> assertThat(vmi.getMetadata().getName()).isEqualTo("vm1"));
    }
}
