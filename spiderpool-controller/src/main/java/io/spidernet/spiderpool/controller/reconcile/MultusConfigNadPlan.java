package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import io.spidernet.spiderpool.core.multus.RenderedNad;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the reconciler does to the NAD of a SpiderMultusConfig, decided from the rendered NAD and the
 * one found (research notes §7.4): create it; take it over or put it back in step when its
 * annotations, {@code spec.config} or controller reference differ (a manual edit is reverted); wait
 * while it is being deleted; or leave it alone, with an event, when another SpiderMultusConfig
 * controls it (two would overwrite each other for ever; the webhook refuses the second, this catches
 * two admitted before either NAD existed).
 */
sealed interface MultusConfigNadPlan {
    /** The NAD to create. */
    record Create(GenericKubernetesResource nad) implements MultusConfigNadPlan {}

    /** The NAD as read (its resourceVersion kept, the write's precondition), changed to match. */
    record Update(GenericKubernetesResource nad) implements MultusConfigNadPlan {}

    record InStep() implements MultusConfigNadPlan {}

    record Terminating() implements MultusConfigNadPlan {}

    /** @param owner the SpiderMultusConfig that controls the NAD */
    record OwnedByAnother(String owner) implements MultusConfigNadPlan {}

    String SMC_API_VERSION = "spiderpool.spidernet.io/v2beta1";
    String SMC_KIND = "SpiderMultusConfig";

    static MultusConfigNadPlan of(SpiderMultusConfig config, RenderedNad desired, Optional<GenericKubernetesResource> existing) {
        OwnerReference ours = controllerRef(config);
        if (existing.isEmpty()) {
            return new Create(new GenericKubernetesResourceBuilder().withApiVersion(MultusConfigNads.API_VERSION)
                    .withKind(MultusConfigNads.KIND).withNewMetadata().withName(desired.name()).withNamespace(desired.namespace())
                    .withAnnotations(new HashMap<>(desired.annotations())).withOwnerReferences(ours).endMetadata()
                    .withAdditionalProperties(spec(desired.config(), Map.of())).build());
        }
        GenericKubernetesResource nad = existing.get();
        ObjectMeta meta = nad.getMetadata();
        if (meta.getDeletionTimestamp() != null) {
            return new Terminating();
        }
        Optional<OwnerReference> controller = Optional.ofNullable(meta.getOwnerReferences()).orElse(List.of()).stream()
                .filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
        // the same name with another UID is this object's predecessor (deleted and re-created): taken over
        if (controller.isPresent() && isConfigRef(controller.get()) && !ours.getName().equals(controller.get().getName())) {
            return new OwnedByAnother(controller.get().getName());
        }
        boolean annotationsDiffer = !desired.annotations().equals(Optional.ofNullable(meta.getAnnotations()).orElse(Map.of()));
        boolean configDiffers = !desired.config().equals(config(nad));
        boolean notOurs = controller.map(r -> !ours.getUid().equals(r.getUid())).orElse(true);
        if (!annotationsDiffer && !configDiffers && !notOurs) {
            return new InStep();
        }
        // a copy: the NAD as read belongs to the caller's cache
        GenericKubernetesResource changed = new GenericKubernetesResourceBuilder(nad).build();
        ObjectMeta m = new ObjectMetaBuilder(meta).build();
        m.setAnnotations(new HashMap<>(desired.annotations()));
        List<OwnerReference> refs = new ArrayList<>();
        refs.add(ours);
        // other owners stay (a NAD taken over may have some); only the controller reference is ours
        Optional.ofNullable(meta.getOwnerReferences()).orElse(List.of()).stream()
                .filter(r -> !Boolean.TRUE.equals(r.getController()) && !ours.getUid().equals(r.getUid())).forEach(refs::add);
        m.setOwnerReferences(refs);
        changed.setMetadata(m);
        changed.setAdditionalProperties(spec(desired.config(), nad.getAdditionalProperties()));
        return new Update(changed);
    }

    /** The controller reference a NAD of this SpiderMultusConfig carries; garbage collection deletes the NAD with it. */
    static OwnerReference controllerRef(SpiderMultusConfig config) {
        return new OwnerReferenceBuilder().withApiVersion(SMC_API_VERSION).withKind(SMC_KIND)
                .withName(config.getMetadata().getName()).withUid(config.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
    }

    static Optional<String> config(GenericKubernetesResource nad) {
        return nad.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec && spec.get("config") instanceof String c
                ? Optional.of(c) : Optional.empty();
    }

    /** The top-level properties with {@code spec.config} set (or removed), everything else of the NAD's spec kept. */
    private static Map<String, Object> spec(Optional<String> config, Map<String, Object> properties) {
        Map<String, Object> out = new LinkedHashMap<>(properties);
        Map<String, Object> spec = new LinkedHashMap<>();
        if (properties.get("spec") instanceof Map<?, ?> old) {
            old.forEach((k, v) -> spec.put(String.valueOf(k), v));
        }
        spec.remove("config");
        config.ifPresent(c -> spec.put("config", c));
        out.put("spec", spec);
        return out;
    }

    /** An owner reference to a SpiderMultusConfig (of any version of Spiderpool's group). */
    static boolean isConfigRef(OwnerReference ref) {
        return SMC_KIND.equals(ref.getKind()) && Objects.requireNonNullElse(ref.getApiVersion(), "").startsWith("spiderpool.spidernet.io/");
    }
}
