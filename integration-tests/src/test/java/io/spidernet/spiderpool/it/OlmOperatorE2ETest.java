package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The operator path of the bundle: the controller started from the CSV alone (as in
 * {@link OlmControllerE2ETest}, with its {@code SPIDERPOOL_OPERATOR_ENABLED=true}) and one Spiderpool
 * object (deploy/examples/spiderpool-operator.yaml) deploy the agent DaemonSet (a pod template with
 * the container {@code spiderpool-agent}, as the Helm chart's: AgentDaemonSetParityTest), the ConfigMap {@code spiderpool-conf}
 * and the webhook configurations: OPERATOR_CONDITION_NAME is left unset, so {@code Auto} means Managed.
 * Changing the object (enableIPv6 turned over) rolls the DaemonSet (an annotation of its pod template
 * changes); deleting it removes what the controller created. Every API call stays within the CSV's permissions.
 */
class OlmOperatorE2ETest {
    private static final ResourceDefinitionContext SPIDERPOOL = new ResourceDefinitionContext.Builder()
            .withGroup("operator.spiderpool.spidernet.io").withVersion("v1alpha1").withKind("Spiderpool").withPlural("spiderpools")
            .withNamespaced(false).build();
    private static final Duration WITHIN = Duration.ofSeconds(90);

    @Test
    void oneSpiderpoolObjectDeploysTheAgentRollsItOnChangeAndRemovesItOnDelete() throws Exception {
        Assumptions.assumeTrue(Files.exists(ControllerProcess.controllerJar()),
                "controller app not built at " + ControllerProcess.controllerJar() + "; build spiderpool-controller first");
        JsonNode csv = OlmBundle.csv();
        OlmControllerPod.portsTaken(csv).ifPresent(reason -> Assumptions.abort(reason));
        Path example = Repo.path("deploy/examples/spiderpool-operator.yaml");
        assertThat(example).as("the operator's example").exists();
        String ns = OlmBundle.INSTALL_NAMESPACE;
        try (CountingApiServer api = new CountingApiServer(OlmControllerE2ETest.bundleCrds())) {
            KubernetesClient client = api.client();
            try (OlmControllerPod pod = OlmControllerPod.start(csv, api.url(), false)) {
                pod.await("the CSV's readiness probe", Duration.ofSeconds(120), pod::ready);
                long t0 = System.nanoTime();
                GenericKubernetesResource created;
                try (var in = Files.newInputStream(example)) {
                    created = client.genericKubernetesResources(SPIDERPOOL).load(in).create();
                }
                pod.await("the agent DaemonSet, spiderpool-conf and both webhook configurations", WITHIN,
                        () -> agent(client, ns).isPresent() && conf(client, ns) != null && !webhooks(client).isEmpty());
                double deployed = (System.nanoTime() - t0) / 1e9;
                List<HasMetadata> made = new ArrayList<>(List.of(agent(client, ns).orElseThrow(), conf(client, ns)));
                made.addAll(webhooks(client));
                Map<String, String> before = templateAnnotations(agent(client, ns).orElseThrow());
                String confBefore = String.valueOf(conf(client, ns).getData());

                long t1 = System.nanoTime();
                flipIpv6(client, created.getMetadata().getName());
                pod.await("the DaemonSet's pod template annotations to change", WITHIN,
                        () -> agent(client, ns).map(d -> !templateAnnotations(d).equals(before)).orElse(false));
                double rolled = (System.nanoTime() - t1) / 1e9;
                assertThat(String.valueOf(conf(client, ns).getData())).as("spiderpool-conf after enableIPv6 changed").isNotEqualTo(confBefore);

                long t2 = System.nanoTime();
                String uid = client.genericKubernetesResources(SPIDERPOOL).withName(created.getMetadata().getName()).get().getMetadata().getUid();
                client.genericKubernetesResources(SPIDERPOOL).withName(created.getMetadata().getName()).delete();
                // the test API server has no garbage collector: an object owned by the deleted Spiderpool is gone on a real one
                pod.await("what the controller created to be deleted (or owned by the deleted Spiderpool)", WITHIN,
                        () -> made.stream().allMatch(o -> gone(client, o, uid)));
                double removed = (System.nanoTime() - t2) / 1e9;
                List<String> denied = OlmControllerE2ETest.denied(csv, api.calls().of(ControllerProcess.OLM_IDENTITY));
                System.out.printf("OLM operator: agent, conf and webhooks %.1f s after the Spiderpool object; DaemonSet rolled %.1f s after"
                        + " the change; removed %.1f s after the delete; %d objects: %s%n", deployed, rolled, removed, made.size(),
                        made.stream().map(o -> o.getKind() + " " + o.getMetadata().getName() + (client.resource(o).get() == null
                                ? " deleted" : " owned")).toList());
                assertThat(denied).as("calls the CSV's permissions do not allow").isEmpty();
            }
        }
    }

    /** Turns spec.ipam.enableIPv6 over as a user would: read, change, write with that version; again on a 409 (status writes). */
    private static void flipIpv6(KubernetesClient client, String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.genericKubernetesResources(SPIDERPOOL).withName(name).edit(s -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> ipam = (Map<String, Object>) ((Map<String, Object>) s.getAdditionalProperties().get("spec"))
                            .computeIfAbsent("ipam", k -> new java.util.LinkedHashMap<String, Object>());
                    ipam.put("enableIPv6", !Boolean.TRUE.equals(ipam.get("enableIPv6")));  // the opposite of the example's
                    return s;
                });
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** The DaemonSet whose pod template runs the container spiderpool-agent. */
    private static Optional<DaemonSet> agent(KubernetesClient client, String ns) {
        return client.apps().daemonSets().inNamespace(ns).list().getItems().stream()
                .filter(d -> d.getSpec().getTemplate().getSpec().getContainers().stream().anyMatch(c -> c.getName().equals("spiderpool-agent")))
                .findFirst();
    }

    private static ConfigMap conf(KubernetesClient client, String ns) {
        return client.configMaps().inNamespace(ns).withName("spiderpool-conf").get();
    }

    /** Webhook configurations with a webhook on a path of the CSV's: the controller's, whatever their names. */
    private static List<HasMetadata> webhooks(KubernetesClient client) {
        List<String> paths = new ArrayList<>();
        OlmBundle.csv().path("spec").path("webhookdefinitions").forEach(w -> paths.add(w.path("webhookPath").asText()));
        List<HasMetadata> out = new ArrayList<>();
        client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems().stream()
                .filter(c -> c.getWebhooks().stream().anyMatch(w -> w.getClientConfig().getService() != null
                        && paths.contains(w.getClientConfig().getService().getPath()))).findFirst().ifPresent(out::add);
        client.admissionRegistration().v1().validatingWebhookConfigurations().list().getItems().stream()
                .filter(c -> c.getWebhooks().stream().anyMatch(w -> w.getClientConfig().getService() != null
                        && paths.contains(w.getClientConfig().getService().getPath()))).findFirst().ifPresent(out::add);
        return out.size() == 2 ? out : List.of();
    }

    private static Map<String, String> templateAnnotations(DaemonSet d) {
        return Objects.requireNonNullElse(d.getSpec().getTemplate().getMetadata().getAnnotations(), Map.of());
    }

    private static boolean gone(KubernetesClient client, HasMetadata o, String ownerUid) {
        HasMetadata now = client.resource(o).get();
        return now == null || now.getMetadata().getOwnerReferences().stream().anyMatch(r -> ownerUid.equals(r.getUid()));
    }
}
