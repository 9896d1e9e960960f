package io.spidernet.spiderpool.controller.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.zjsonpatch.JsonDiff;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.webhook.AdmissionResult;
import io.spidernet.spiderpool.core.webhook.FieldError;
import io.spidernet.spiderpool.core.webhook.IPPoolMutator;
import io.spidernet.spiderpool.core.webhook.IPPoolValidator;
import io.spidernet.spiderpool.core.webhook.Mutation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * SpiderIPPool admission (AdmissionReview v1) on core's rules: the mutating answer is a JSON patch
 * from the object as sent to the object as core's mutator leaves it; the validating answer carries
 * upstream's HTTP code and reason (422 Invalid, 409 AlreadyExists, 403 Forbidden) with one cause per
 * field error, so {@code kubectl} prints each field and what to change.
 */
public final class IPPoolAdmission {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IPPoolMutator mutator;
    private final IPPoolValidator validator;
    private final Supplier<Collection<SpiderIPPool>> pools;
    private final Supplier<Collection<SpiderSubnet>> subnets;

    public IPPoolAdmission(IPPoolMutator mutator, IPPoolValidator validator, Supplier<Collection<SpiderIPPool>> pools,
                           Supplier<Collection<SpiderSubnet>> subnets) {
        this.mutator = mutator;
        this.validator = validator;
        this.pools = pools;
        this.subnets = subnets;
    }

    public AdmissionResponse mutate(AdmissionRequest req) {
        AdmissionResponseBuilder out = new AdmissionResponseBuilder().withUid(req.getUid()).withAllowed(true);
        if (!"CREATE".equals(req.getOperation()) && !"UPDATE".equals(req.getOperation())) {
            return out.build();
        }
        SpiderIPPool sent = convert(req.getObject());
        Mutation<SpiderIPPool> m = mutator.mutate(convert(req.getObject()), subnets.get());
        JsonNode patch = JsonDiff.asJson(JSON.valueToTree(sent), JSON.valueToTree(m.object()));
        if (!patch.isEmpty()) {
            out.withPatchType("JSONPatch")
                    .withPatch(Base64.getEncoder().encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return out.withWarnings(m.warnings().isEmpty() ? null : m.warnings()).build();
    }

    public AdmissionResponse validate(AdmissionRequest req) {
        AdmissionResult result = switch (req.getOperation()) {
            case "CREATE" -> validator.validateCreate(convert(req.getObject()), pools.get(), subnets.get());
            case "UPDATE" -> validator.validateUpdate(convert(req.getOldObject()), convert(req.getObject()), pools.get(),
                    subnets.get());
            case "DELETE" -> validator.validateDelete(convert(req.getOldObject()));
            default -> AdmissionResult.allowed();
        };
        return answer(req, result, "spiderippools");
    }

    static AdmissionResponse answer(AdmissionRequest req, AdmissionResult result, String kind) {
        AdmissionResponseBuilder out = new AdmissionResponseBuilder().withUid(req.getUid()).withAllowed(result.isAllowed());
        if (result.isAllowed()) {
            return out.build();
        }
        StatusDetailsBuilder details = new StatusDetailsBuilder().withGroup("spiderpool.spidernet.io").withKind(kind)
                .withName(req.getName());
        for (FieldError e : result.errors()) {
            details.addNewCause().withField(e.path()).withReason(e.type().reason()).withMessage(e.message()).endCause();
        }
        String message = kind + " \"" + req.getName() + "\" is " + (result.status() == AdmissionResult.Status.INVALID ? "invalid"
                : "refused") + ": " + String.join("; ", result.errors().stream().map(FieldError::message).toList());
        return out.withStatus(new StatusBuilder().withStatus("Failure").withCode(result.status().httpCode())
                .withReason(result.status().reason()).withMessage(message).withDetails(details.build()).build()).build();
    }

    private static SpiderIPPool convert(Object raw) {
        return JSON.convertValue(raw, SpiderIPPool.class);
    }
}
