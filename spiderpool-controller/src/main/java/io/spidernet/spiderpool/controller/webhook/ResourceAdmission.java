package io.spidernet.spiderpool.controller.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.spidernet.spiderpool.core.webhook.AdmissionResult;
import io.spidernet.spiderpool.core.webhook.Mutation;

/**
 * One kind's AdmissionReview handling: decode, pick the core rule by operation, answer. The kinds
 * differ only in which core mutator and validator they call and which snapshots they hand in.
 *
 * @param <T> the custom resource
 */
public abstract class ResourceAdmission<T extends HasMetadata> {
    private final Class<T> type;
    private final String singular;

    protected ResourceAdmission(Class<T> type, String singular) {
        this.type = type;
        this.singular = singular;
    }

    /** The lower-case kind, as in upstream's webhook paths ({@code spiderippool}). */
    public String singular() {
        return singular;
    }

    public String plural() {
        return singular + "s";
    }

    /** Core's mutator; it must return a copy and leave {@code object} as it was. */
    protected abstract Mutation<T> mutate(T object);

    protected abstract AdmissionResult validateCreate(T object);

    protected abstract AdmissionResult validateUpdate(T oldObject, T newObject);

    /** Deletion is not guarded unless a kind says otherwise. */
    protected AdmissionResult validateDelete(T oldObject) {
        return AdmissionResult.allowed();
    }

    /**
     * The mutating answer. An object the model cannot read is admitted unpatched with a warning, as
     * upstream only logs mutation problems: the validating webhook refuses it with the field named.
     */
    public AdmissionResponse mutate(AdmissionRequest req) {
        if (!"CREATE".equals(req.getOperation()) && !"UPDATE".equals(req.getOperation())) {
            return new AdmissionResponseBuilder().withUid(req.getUid()).withAllowed(true).build();
        }
        T sent;
        try {
            sent = AdmissionAnswers.decode(req.getObject(), type);
        } catch (AdmissionAnswers.Undecodable e) {
            return new AdmissionResponseBuilder().withUid(req.getUid()).withAllowed(true)
                    .withWarnings(e.result().errors().stream().map(Object::toString).toList()).build();
        }
        return AdmissionAnswers.patched(req, sent, mutate(sent));  // core mutators return a copy
    }

    public AdmissionResponse validate(AdmissionRequest req) {
        AdmissionResult result;
        try {
            result = switch (req.getOperation()) {
                case "CREATE" -> validateCreate(AdmissionAnswers.decode(req.getObject(), type));
                case "UPDATE" -> validateUpdate(AdmissionAnswers.decode(req.getOldObject(), type),
                        AdmissionAnswers.decode(req.getObject(), type));
                case "DELETE" -> validateDelete(AdmissionAnswers.decode(req.getOldObject(), type));
                default -> AdmissionResult.allowed();
            };
        } catch (AdmissionAnswers.Undecodable e) {
            result = e.result();
        }
        return AdmissionAnswers.answer(req, result, plural());
    }
}
