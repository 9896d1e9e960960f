package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The controller installed by the OLM bundle and nothing else: the CSV's Deployment spec (args, env,
 * ports; paths under a temporary root, OLM's certificate a test one), the bundle's CRDs in the test API
 * server, the CSV's permissions. It becomes ready at the CSV's probe, leads, serves every webhook path of
 * the CSV with OLM's certificate (and creates no certificate Secret of its own), and every API call it
 * makes is allowed by the CSV's permissions as OLM installs them in {@value OlmBundle#INSTALL_NAMESPACE}.
 */
class OlmControllerE2ETest {

    @Test
    void theCsvsDeploymentAloneRunsAReadyControllerServingTheCsvsWebhooksWithOlmsCertificate() throws Exception {
        Assumptions.assumeTrue(Files.exists(ControllerProcess.controllerJar()),
                "controller app not built at " + ControllerProcess.controllerJar() + "; build spiderpool-controller first");
        JsonNode csv = OlmBundle.csv();
        OlmControllerPod.portsTaken(csv).ifPresent(reason -> Assumptions.abort(reason));
        try (CountingApiServer api = new CountingApiServer(bundleCrds())) {
            KubernetesClient client = api.client();
            long t0 = System.nanoTime();
            try (OlmControllerPod pod = OlmControllerPod.start(csv, api.url(), true)) {
                pod.await("the CSV's readiness probe", Duration.ofSeconds(120), pod::ready);
                double ready = (System.nanoTime() - t0) / 1e9;
                pod.await("the lease", Duration.ofSeconds(60), () -> OlmControllerPod.POD_NAME.equals(holder(client)));
                double leading = (System.nanoTime() - t0) / 1e9;

                var served = pod.servedWebhooks().orElseThrow(() -> new AssertionError("no webhook line in the log"));
                assertThat(served.getKey()).as("webhook port the controller listens on").isEqualTo(pod.ports.get("webhook"));
                Set<String> csvPaths = new TreeSet<>();
                pod.csv.path("spec").path("webhookdefinitions").forEach(w -> csvPaths.add(w.path("webhookPath").asText()));
                assertThat(served.getValue()).as("the controller's path table against the CSV's webhookPaths").containsAll(csvPaths);

                long w0 = System.nanoTime();
                int n = 0;
                for (String path : csvPaths) {
                    String uid = "olm-" + n++;
                    HttpResponse<String> answer = pod.review(path, uid);
                    assertThat(answer.statusCode()).as("POST %s", path).isEqualTo(200);
                    assertThat(answer.body()).as("answer of %s", path).contains("\"uid\":\"" + uid + "\"").contains("\"allowed\":true");
                    assertThat(answer.sslSession().orElseThrow().getPeerCertificates()[0]).as("certificate served on %s", path)
                            .isEqualTo(pod.certificate());
                }
                double perReview = (System.nanoTime() - w0) / 1e6 / csvPaths.size();
                assertThat(pod.review("/validate-spiderpool-spidernet-io-v2beta1-nosuchkind", "x").statusCode())
                        .as("a path outside the table").isEqualTo(404);
                assertThat(client.secrets().inNamespace(OlmBundle.INSTALL_NAMESPACE).withName("spiderpool-controller-server-certs").get())
                        .as("no certificate Secret: OLM's mounted certificate is served").isNull();

                assertThat(api.calls().of(ControllerProcess.OLM_IDENTITY)).as("calls recorded under the OLM controller's token").isNotEmpty();
                List<String> denied = denied(csv, api.calls().of(ControllerProcess.OLM_IDENTITY));
                System.out.printf("OLM controller: ready %.1f s after start, leading at %.1f s; %d webhook paths answered, %.1f ms each;"
                        + " %d distinct API calls, all within the CSV's permissions: %s%n", ready, leading, csvPaths.size(), perReview,
                        api.calls().of(ControllerProcess.OLM_IDENTITY).size(), denied.isEmpty());
                assertThat(denied).as("calls the CSV's permissions do not allow").isEmpty();
            }
        }
    }

    /** The bundle's CRD copies, as OLM applies them. */
    static List<Path> bundleCrds() throws java.io.IOException {
        try (Stream<Path> files = Files.list(OlmBundle.MANIFESTS)) {
            return files.filter(p -> p.toString().endsWith(".yaml") && !p.equals(OlmBundle.CSV)).sorted().toList();
        }
    }

    /** Each call of the controller that the CSV's permissions, installed in the OLM namespace, do not allow. */
    static List<String> denied(JsonNode csv, Set<ApiCall> calls) {
        List<RbacPolicy.Grant> grants = OlmBundle.policy(csv, OlmBundle.INSTALL_NAMESPACE)
                .grantsOf(OlmBundle.INSTALL_NAMESPACE, "spiderpool-controller");
        List<String> out = new ArrayList<>();
        calls.stream().filter(c -> RbacPolicy.allowing(grants, c).isEmpty()).map(ApiCall::toString).sorted().forEach(out::add);
        return out;
    }

    static String holder(KubernetesClient client) {
        Lease lease = client.leases().inNamespace(OlmBundle.INSTALL_NAMESPACE).withName("spiderpool-controller-leases").get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
