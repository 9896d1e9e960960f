package io.spidernet.spiderpool.controller.webhook;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import io.spidernet.spiderpool.core.webhook.AdmissionResult;
import io.spidernet.spiderpool.core.webhook.MultusConfigMutator;
import io.spidernet.spiderpool.core.webhook.MultusConfigValidator;
import io.spidernet.spiderpool.core.webhook.Mutation;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * SpiderMultusConfig admission on core's rules. The NetworkAttachmentDefinition the object would
 * render is read from the API for the takeover rule (upstream reads it uncached too): a stale cache
 * could let two SpiderMultusConfigs claim one NAD.
 */
public final class MultusConfigAdmission extends ResourceAdmission<SpiderMultusConfig> {
    private final MultusConfigMutator mutator;
    private final MultusConfigValidator validator;
    private final BiFunction<String, String, Optional<ObjectMeta>> nads;

    /** @param nads a NAD's metadata by namespace and name, empty when there is none */
    public MultusConfigAdmission(MultusConfigMutator mutator, MultusConfigValidator validator,
                                 BiFunction<String, String, Optional<ObjectMeta>> nads) {
        super(SpiderMultusConfig.class, "spidermultusconfig");
        this.mutator = mutator;
        this.validator = validator;
        this.nads = nads;
    }

    @Override
    protected Mutation<SpiderMultusConfig> mutate(SpiderMultusConfig config) {
        return mutator.mutate(config);
    }

    @Override
    protected AdmissionResult validateCreate(SpiderMultusConfig config) {
        return validator.validateCreate(config, existingNad(config));
    }

    @Override
    protected AdmissionResult validateUpdate(SpiderMultusConfig oldConfig, SpiderMultusConfig config) {
        return validator.validateUpdate(oldConfig, config, existingNad(config));
    }

    /** Only a name the API server could hold is looked up; the validator refuses any other. */
    private Optional<ObjectMeta> existingNad(SpiderMultusConfig config) {
        String ns = config.getMetadata() == null ? null : config.getMetadata().getNamespace();
        return ns == null ? Optional.empty()
                : MultusConfigValidator.nadNameToLookUp(config).flatMap(name -> nads.apply(ns, name));
    }
}
