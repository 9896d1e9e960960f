package io.spidernet.spiderpool.controller.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.core.model.operator.OperatorGroup;
import io.spidernet.spiderpool.core.operator.Drift;
import io.spidernet.spiderpool.core.operator.ManagedObjects;
import io.spidernet.spiderpool.core.operator.ManagedObjects.Ref;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Puts one rendered object into the cluster, or takes one out: created when absent; left alone when
 * it says what was rendered ({@link Drift}); otherwise the live object, with the rendered part put
 * back, is written with the resourceVersion it was read at. An object without the operator's label
 * is never written or deleted. The webhooks' caBundle is the certificate keeper's: carried over from
 * the live object, or the current CA when there is none yet.
 */
public final class ManagedWrites {
    private static final Logger LOG = Logger.getLogger(ManagedWrites.class);

    /** What one apply did. */
    sealed interface Outcome {
        record Unchanged() implements Outcome {}
        record Written(String what) implements Outcome {}
        /** An object of that name exists without the operator's label. */
        record Blocked(String why) implements Outcome {}
        /** The object changed between read and write (409): the caller reconciles again. */
        record Conflict() implements Outcome {}
        record Failed(String why) implements Outcome {}
    }

    private final KubernetesClient client;
    private final Supplier<Optional<String>> caPem;

    /** @param caPem the CA the webhooks' caBundle trusts now; empty when the certificate is not known here */
    public ManagedWrites(KubernetesClient client, Supplier<Optional<String>> caPem) {
        this.client = client;
        this.caPem = caPem;
    }

    Outcome apply(HasMetadata desired) {
        Ref ref = ManagedObjects.ref(desired);
        try {
            HasMetadata live = resource(ref).get();
            if (live == null) {
                client.resource(withCaBundle(desired, null)).create();
                return new Outcome.Written("created " + ref);
            }
            if (!ManagedObjects.isManaged(live)) {
                return new Outcome.Blocked(ref + " exists without label " + OperatorGroup.MANAGED_BY_LABEL + "="
                        + OperatorGroup.MANAGED_BY + "; delete it, or add the label to let the operator manage it");
            }
            Optional<String> drift = Drift.firstDifference(desired, live);
            if (drift.isEmpty()) {
                return new Outcome.Unchanged();
            }
            client.resource(overlay(desired, live)).update();  // carries live's resourceVersion: 409 if it moved
            return new Outcome.Written("put back " + ref + " (" + drift.get() + " differed)");
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return new Outcome.Conflict();
            }
            return new Outcome.Failed(ref + ": " + e.getCode() + " " + e.getMessage());
        }
    }

    /**
     * Deletes {@code ref} if it is the operator's and owned by {@code ownerUid}, at the version read.
     * True when it is gone or not the operator's to delete.
     */
    boolean remove(Ref ref, String ownerUid) {
        HasMetadata live = resource(ref).get();
        if (live == null) {
            return true;
        }
        if (!ManagedObjects.isManaged(live) || !ownedBy(live, ownerUid)) {
            LOG.infof("%s is not the operator's (no label or another owner); left in place", ref);
            return true;
        }
        try {
            client.resource(live).lockResourceVersion(live.getMetadata().getResourceVersion()).delete();
            LOG.infof("deleted %s", ref);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return true;
            }
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false;
            }
            throw e;
        }
    }

    /** The live object, if the operator manages it. */
    <T extends HasMetadata> Optional<T> managed(Ref ref, Class<T> type) {
        HasMetadata live = resource(ref).get();
        return live != null && ManagedObjects.isManaged(live) ? Optional.of(type.cast(live)) : Optional.empty();
    }

    private static boolean ownedBy(HasMetadata live, String uid) {
        List<OwnerReference> owners = live.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> uid.equals(o.getUid()));
    }

    @SuppressWarnings("unchecked")
    Resource<HasMetadata> resource(Ref ref) {
        Object r = switch (ref.kind()) {
            case "ConfigMap" -> client.configMaps().inNamespace(ref.namespace()).withName(ref.name());
            case "DaemonSet" -> client.apps().daemonSets().inNamespace(ref.namespace()).withName(ref.name());
            case "MutatingWebhookConfiguration" -> client.admissionRegistration().v1().mutatingWebhookConfigurations()
                    .withName(ref.name());
            case "ValidatingWebhookConfiguration" -> client.admissionRegistration().v1().validatingWebhookConfigurations()
                    .withName(ref.name());
            case "SpiderCoordinator" -> client.resources(SpiderCoordinator.class).withName(ref.name());
            default -> throw new IllegalArgumentException("the operator manages no " + ref.kind());
        };
        return (Resource<HasMetadata>) r;
    }

    /** The live object with the rendered part put back: labels added, our owner reference, and spec/data/webhooks. */
    private HasMetadata overlay(HasMetadata desired, HasMetadata live) {
        HasMetadata next = client.getKubernetesSerialization().clone(live);
        Map<String, String> labels = new HashMap<>(next.getMetadata().getLabels() == null ? Map.of() : next.getMetadata().getLabels());
        labels.putAll(desired.getMetadata().getLabels());
        next.getMetadata().setLabels(labels);
        List<OwnerReference> owners = new ArrayList<>(next.getMetadata().getOwnerReferences() == null ? List.of()
                : next.getMetadata().getOwnerReferences());
        owners.removeIf(o -> "Spiderpool".equals(o.getKind()) && OperatorGroup.API_VERSION.equals(o.getApiVersion()));
        owners.addAll(desired.getMetadata().getOwnerReferences());
        next.getMetadata().setOwnerReferences(owners);
        switch (next) {
            case ConfigMap cm -> cm.setData(((ConfigMap) desired).getData());
            case DaemonSet ds -> ds.setSpec(((DaemonSet) desired).getSpec());
            case SpiderCoordinator c -> c.setSpec(((SpiderCoordinator) desired).getSpec());
            case MutatingWebhookConfiguration m -> m.setWebhooks(
                    ((MutatingWebhookConfiguration) withCaBundle(desired, live)).getWebhooks());
            case ValidatingWebhookConfiguration v -> v.setWebhooks(
                    ((ValidatingWebhookConfiguration) withCaBundle(desired, live)).getWebhooks());
            default -> throw new IllegalArgumentException("the operator manages no " + next.getKind());
        }
        return next;
    }

    /** A copy of a rendered webhook configuration with each webhook's caBundle: the live one's, else the current CA. */
    private HasMetadata withCaBundle(HasMetadata desired, HasMetadata live) {
        HasMetadata copy = client.getKubernetesSerialization().clone(desired);
        String current = caPem.get().map(p -> Base64.getEncoder().encodeToString(p.getBytes(StandardCharsets.US_ASCII)))
                .orElse(null);
        if (copy instanceof MutatingWebhookConfiguration m) {
            Map<String, String> there = bundles(live, l -> ((MutatingWebhookConfiguration) l).getWebhooks().stream()
                    .filter(w -> w.getClientConfig() != null && w.getClientConfig().getCaBundle() != null)
                    .collect(java.util.stream.Collectors.toMap(MutatingWebhook::getName, w -> w.getClientConfig().getCaBundle(),
                            (a, b) -> a)));
            m.getWebhooks().forEach(w -> setCa(w.getClientConfig(), there.getOrDefault(w.getName(), current)));
        } else if (copy instanceof ValidatingWebhookConfiguration v) {
            Map<String, String> there = bundles(live, l -> ((ValidatingWebhookConfiguration) l).getWebhooks().stream()
                    .filter(w -> w.getClientConfig() != null && w.getClientConfig().getCaBundle() != null)
                    .collect(java.util.stream.Collectors.toMap(ValidatingWebhook::getName, w -> w.getClientConfig().getCaBundle(),
                            (a, b) -> a)));
            v.getWebhooks().forEach(w -> setCa(w.getClientConfig(), there.getOrDefault(w.getName(), current)));
        }
        return copy;
    }

    private static Map<String, String> bundles(HasMetadata live, Function<HasMetadata, Map<String, String>> read) {
        return live == null ? Map.of() : read.apply(live);
    }

    private static void setCa(WebhookClientConfig config, String bundle) {
        if (bundle != null) {
            config.setCaBundle(bundle);
        }
    }
}
