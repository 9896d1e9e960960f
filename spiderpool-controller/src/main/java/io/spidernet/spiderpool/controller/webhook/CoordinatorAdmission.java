package io.spidernet.spiderpool.controller.webhook;

import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.core.webhook.AdmissionResult;
import io.spidernet.spiderpool.core.webhook.CoordinatorMutator;
import io.spidernet.spiderpool.core.webhook.CoordinatorValidator;
import io.spidernet.spiderpool.core.webhook.Mutation;

/** SpiderCoordinator admission on core's rules; {@code mode}/{@code podCIDRType} typos are met while decoding. */
public final class CoordinatorAdmission extends ResourceAdmission<SpiderCoordinator> {
    private final CoordinatorMutator mutator;
    private final CoordinatorValidator validator;

    public CoordinatorAdmission(CoordinatorMutator mutator, CoordinatorValidator validator) {
        super(SpiderCoordinator.class, "spidercoordinator");
        this.mutator = mutator;
        this.validator = validator;
    }

    @Override
    protected Mutation<SpiderCoordinator> mutate(SpiderCoordinator coordinator) {
        return mutator.mutate(coordinator);
    }

    @Override
    protected AdmissionResult validateCreate(SpiderCoordinator coordinator) {
        return validator.validateCreate(coordinator);
    }

    @Override
    protected AdmissionResult validateUpdate(SpiderCoordinator oldCoordinator, SpiderCoordinator newCoordinator) {
        return validator.validateUpdate(oldCoordinator, newCoordinator);
    }
}
