package io.spidernet.spiderpool.controller.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import io.spidernet.spiderpool.core.podinject.InjectDecision;
import io.spidernet.spiderpool.core.podinject.InjectPatch;
import io.spidernet.spiderpool.core.podinject.PodResourceInjector;
import io.spidernet.spiderpool.core.webhook.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Upstream's Pod mutating webhook ({@code /mutate--v1-pod}): core's {@link PodResourceInjector}
 * decides, this answers with the JSON patch or the refusal (403 Forbidden, as upstream's defaulter
 * errors are denied). Switched off (upstream's default) the path is still answered, allowed and
 * unchanged, so a webhook configuration applied without enabling the feature does not block every
 * pod in the cluster; a pod that asks for injection then gets a warning saying it was not done.
 */
final class PodInjectAdmission {
    static final String PATH = "/mutate--v1-pod";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<PodResourceInjector> injector;
    private final Supplier<? extends Collection<SpiderMultusConfig>> configs;
    private final Function<String, Map<String, String>> namespaceAnnotations;

    /** Serving injection: {@code configs} and {@code namespaceAnnotations} are read only for pods that need them. */
    static PodInjectAdmission enabled(PodResourceInjector injector, Supplier<? extends Collection<SpiderMultusConfig>> configs,
                                      Function<String, Map<String, String>> namespaceAnnotations) {
        return new PodInjectAdmission(Optional.of(injector), configs, namespaceAnnotations);
    }

    static PodInjectAdmission disabled() {
        return new PodInjectAdmission(Optional.empty(), List::of, ns -> Map.of());
    }

    private PodInjectAdmission(Optional<PodResourceInjector> injector, Supplier<? extends Collection<SpiderMultusConfig>> configs,
                               Function<String, Map<String, String>> namespaceAnnotations) {
        this.injector = injector;
        this.configs = configs;
        this.namespaceAnnotations = namespaceAnnotations;
    }

    AdmissionResponse mutate(AdmissionRequest req) {
        AdmissionResponseBuilder out = new AdmissionResponseBuilder().withUid(req.getUid()).withAllowed(true);
        // upstream's configuration sends CREATE only; anything else (a hand-edited configuration) passes as it is
        if (!"CREATE".equals(req.getOperation()) || req.getObject() == null) {
            return out.build();
        }
        JsonNode sent = JSON.valueToTree(req.getObject());
        Pod pod;
        try {
            pod = AdmissionAnswers.decode(req.getObject(), Pod.class);
        } catch (AdmissionAnswers.Undecodable e) {
            // the API server refuses such a pod itself; the field is named all the same
            return refused(req, e.result().errors().getFirst(), 422, "Invalid");
        }
        String namespace = req.getNamespace() != null && !req.getNamespace().isEmpty() ? req.getNamespace()
                : pod.getMetadata() == null ? "" : java.util.Objects.toString(pod.getMetadata().getNamespace(), "");
        if (injector.isEmpty()) {
            return asksForInjection(pod) ? out.withWarnings("spiderpool-controller's pod resource injection is disabled"
                    + " (conf.yml podResourceInject.enabled): the pod's inject annotation was not applied").build() : out.build();
        }
        InjectDecision decision = injector.get().decide(namespace, pod, () -> namespaceAnnotations.apply(namespace), configs);
        return switch (decision) {
            case InjectDecision.Unchanged u -> out.build();
            case InjectDecision.Refused r -> refused(req, r.error(), 403, "Forbidden");
            case InjectDecision.Inject i -> out.withPatchType("JSONPatch").withPatch(Base64.getEncoder().encodeToString(
                    InjectPatch.of(sent, i).toString().getBytes(StandardCharsets.UTF_8))).build();
        };
    }

    private static boolean asksForInjection(Pod pod) {
        Map<String, String> a = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
        return a != null && (a.containsKey(PodResourceInjector.RDMA_INJECT) || a.containsKey(PodResourceInjector.NETWORK_INJECT));
    }

    private static AdmissionResponse refused(AdmissionRequest req, FieldError error, int code, String reason) {
        String name = req.getName() == null || req.getName().isEmpty() ? "" : " \"" + req.getName() + "\"";
        return new AdmissionResponseBuilder().withUid(req.getUid()).withAllowed(false)
                .withStatus(new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
                        .withMessage("pod" + name + " cannot be created: " + error.message())
                        .withNewDetails().withKind("pods").withName(req.getName()).addNewCause().withField(error.path())
                        .withReason(error.type().reason()).withMessage(error.message()).endCause().endDetails()
                        .build()).build();
    }
}
