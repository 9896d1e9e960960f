package io.spidernet.spiderpool.controller.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Upstream's webhook paths to the kinds' admissions, AdmissionReview JSON in and out. The objects
 * are taken out of the review before it is bound, so a value the model cannot hold reaches the
 * kind's decoder (which names the field) instead of failing the whole review.
 */
final class AdmissionRouter {
    static final String MUTATE_PREFIX = "/mutate-spiderpool-spidernet-io-v2beta1-";
    static final String VALIDATE_PREFIX = "/validate-spiderpool-spidernet-io-v2beta1-";
    private static final Logger LOG = Logger.getLogger(AdmissionRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body is not an AdmissionReview with a request. */
    static final class BadReview extends Exception {
        private static final long serialVersionUID = 1L;

        BadReview(String message) {
            super(message);
        }
    }

    private final Map<String, BiFunction<ResourceAdmission<?>, AdmissionRequest, AdmissionResponse>> verbs = Map.of(
            MUTATE_PREFIX, ResourceAdmission::mutate, VALIDATE_PREFIX, ResourceAdmission::validate);
    private final Map<String, ResourceAdmission<?>> kinds = new LinkedHashMap<>();
    private final Map<String, Function<AdmissionRequest, AdmissionResponse>> exact;

    AdmissionRouter(List<ResourceAdmission<?>> admissions) {
        this(admissions, Map.of());
    }

    /** @param exact handlers of whole paths outside the kinds' scheme, such as upstream's {@code /mutate--v1-pod} */
    AdmissionRouter(List<ResourceAdmission<?>> admissions, Map<String, Function<AdmissionRequest, AdmissionResponse>> exact) {
        admissions.forEach(a -> kinds.put(a.singular(), a));
        this.exact = Map.copyOf(exact);
    }

    Set<String> paths() {
        Set<String> paths = kinds.keySet().stream().flatMap(k -> verbs.keySet().stream().map(v -> v + k))
                .collect(Collectors.toCollection(TreeSet::new));
        paths.addAll(exact.keySet());
        return paths;
    }

    /** The AdmissionReview answer, or empty when no webhook is served at {@code path}. */
    Optional<byte[]> handle(String path, byte[] body) throws BadReview {
        if (exact.containsKey(path)) {
            return Optional.of(answer(read(body), exact.get(path)));
        }
        for (var verb : verbs.entrySet()) {
            if (path.startsWith(verb.getKey()) && kinds.containsKey(path.substring(verb.getKey().length()))) {
                ResourceAdmission<?> kind = kinds.get(path.substring(verb.getKey().length()));
                return Optional.of(answer(read(body), req -> verb.getValue().apply(kind, req)));
            }
        }
        return Optional.empty();
    }

    private static AdmissionRequest read(byte[] body) throws BadReview {
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree == null || !(tree.get("request") instanceof ObjectNode request)) {
                throw new BadReview("the body is not an AdmissionReview with a request");
            }
            JsonNode object = request.remove("object");
            JsonNode oldObject = request.remove("oldObject");
            AdmissionReview review = JSON.treeToValue(tree, AdmissionReview.class);
            AdmissionRequest req = review.getRequest();
            req.setObject(generic(object));
            req.setOldObject(generic(oldObject));
            return req;
        } catch (IOException e) {
            throw new BadReview("the body is not an AdmissionReview: " + e.getMessage());
        }
    }

    private static GenericKubernetesResource generic(JsonNode node) throws IOException {
        return node == null || node.isNull() ? null : JSON.treeToValue(node, GenericKubernetesResource.class);
    }

    private static byte[] answer(AdmissionRequest req, Function<AdmissionRequest, AdmissionResponse> handler) {
        AdmissionResponse response;
        try {
            response = handler.apply(req);
        } catch (WebhookCache.NotSynced e) {
            response = AdmissionAnswers.failure(req, 503, "ServiceUnavailable", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "admission of %s %s failed", req.getOperation(), req.getName());
            // the exception's text stays in the log: it can quote the object or name internals
            response = AdmissionAnswers.failure(req, 500, "InternalError",
                    "spiderpool-controller failed to judge the request; its log says why");
        }
        try {
            return JSON.writeValueAsBytes(new AdmissionReviewBuilder().withApiVersion("admission.k8s.io/v1")
                    .withKind("AdmissionReview").withResponse(response).build());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an AdmissionReview", e);
        }
    }
}
