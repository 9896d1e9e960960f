package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events on the objects the controller acts on, so {@code kubectl describe} shows what it
 * did and why. An event that cannot be written is logged and dropped: it must never fail a reconcile.
 */
@Singleton
public class ReconcileEvents {
    private static final Logger LOG = Logger.getLogger(ReconcileEvents.class);
    private static final String COMPONENT = "spiderpool-controller";

    private final KubernetesClient client;

    public ReconcileEvents(KubernetesClient client) {
        this.client = client;
    }

    public void normal(HasMetadata about, String reason, String message) {
        record(about, "Normal", reason, message);
    }

    public void warning(HasMetadata about, String reason, String message) {
        LOG.warnf("%s %s: %s", about.getKind(), about.getMetadata().getName(), message);
        record(about, "Warning", reason, message);
    }

    private void record(HasMetadata about, String type, String reason, String message) {
        // cluster-scoped kinds (pools, subnets) get their events in "default", as kubectl looks there
        String ns = about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
        String now = Instant.now().toString();
        try {
            client.v1().events().inNamespace(ns).resource(new EventBuilder()
                    .withNewMetadata().withNamespace(ns)
                    .withName(about.getMetadata().getName() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(about.getApiVersion()).withKind(about.getKind())
                            .withName(about.getMetadata().getName()).withNamespace(about.getMetadata().getNamespace())
                            .withUid(about.getMetadata().getUid()).withResourceVersion(about.getMetadata().getResourceVersion()).build())
                    .withType(type).withReason(reason).withMessage(message).withCount(1)
                    .withFirstTimestamp(now).withLastTimestamp(now)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.debugf("event %s on %s %s not recorded: %s", reason, about.getKind(), about.getMetadata().getName(), e.getMessage());
        }
    }
}
