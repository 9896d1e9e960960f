package io.spidernet.spiderpool.controller.webhook;

import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.webhook.AdmissionResult;
import io.spidernet.spiderpool.core.webhook.Mutation;
import io.spidernet.spiderpool.core.webhook.ReservedIPMutator;
import io.spidernet.spiderpool.core.webhook.ReservedIPValidator;

/** SpiderReservedIP admission on core's rules; nothing to compare with, so no snapshots. */
public final class ReservedIPAdmission extends ResourceAdmission<SpiderReservedIP> {
    private final ReservedIPMutator mutator;
    private final ReservedIPValidator validator;

    public ReservedIPAdmission(ReservedIPMutator mutator, ReservedIPValidator validator) {
        super(SpiderReservedIP.class, "spiderreservedip");
        this.mutator = mutator;
        this.validator = validator;
    }

    @Override
    protected Mutation<SpiderReservedIP> mutate(SpiderReservedIP reservedIp) {
        return mutator.mutate(reservedIp);
    }

    @Override
    protected AdmissionResult validateCreate(SpiderReservedIP reservedIp) {
        return validator.validateCreate(reservedIp);
    }

    @Override
    protected AdmissionResult validateUpdate(SpiderReservedIP oldReservedIp, SpiderReservedIP newReservedIp) {
        return validator.validateUpdate(oldReservedIp, newReservedIp);
    }
}
