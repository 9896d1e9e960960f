package io.spidernet.spiderpool.controller.webhook;

import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.webhook.AdmissionResult;
import io.spidernet.spiderpool.core.webhook.IPPoolMutator;
import io.spidernet.spiderpool.core.webhook.IPPoolValidator;
import io.spidernet.spiderpool.core.webhook.Mutation;
import java.util.Collection;
import java.util.function.Supplier;

/** SpiderIPPool admission on core's rules; creates pass one at a time through a {@link CreateGate}. */
public final class IPPoolAdmission extends ResourceAdmission<SpiderIPPool> {
    private final IPPoolMutator mutator;
    private final IPPoolValidator validator;
    private final Supplier<? extends Collection<SpiderIPPool>> pools;
    private final Supplier<? extends Collection<SpiderSubnet>> subnets;
    private final CreateGate<SpiderIPPool> creates;

    public IPPoolAdmission(IPPoolMutator mutator, IPPoolValidator validator, Supplier<? extends Collection<SpiderIPPool>> pools,
                           Supplier<? extends Collection<SpiderSubnet>> subnets) {
        super(SpiderIPPool.class, "spiderippool");
        this.mutator = mutator;
        this.validator = validator;
        this.pools = pools;
        this.subnets = subnets;
        this.creates = new CreateGate<>(pools);
    }

    @Override
    protected Mutation<SpiderIPPool> mutate(SpiderIPPool pool) {
        return mutator.mutate(pool, subnets.get());
    }

    @Override
    protected AdmissionResult validateCreate(SpiderIPPool pool) {
        return creates.admit(pool, known -> validator.validateCreate(pool, known, subnets.get()));
    }

    @Override
    protected AdmissionResult validateUpdate(SpiderIPPool oldPool, SpiderIPPool newPool) {
        return validator.validateUpdate(oldPool, newPool, pools.get(), subnets.get());
    }

    @Override
    protected AdmissionResult validateDelete(SpiderIPPool pool) {
        return validator.validateDelete(pool);
    }
}
