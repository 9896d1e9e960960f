package io.spidernet.spiderpool.controller.webhook;

import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.webhook.AdmissionResult;
import io.spidernet.spiderpool.core.webhook.Mutation;
import io.spidernet.spiderpool.core.webhook.SubnetMutator;
import io.spidernet.spiderpool.core.webhook.SubnetValidator;
import java.util.Collection;
import java.util.function.Supplier;

/** SpiderSubnet admission on core's rules; creates pass one at a time through a {@link CreateGate}. */
public final class SubnetAdmission extends ResourceAdmission<SpiderSubnet> {
    private final SubnetMutator mutator;
    private final SubnetValidator validator;
    private final Supplier<? extends Collection<SpiderIPPool>> pools;
    private final CreateGate<SpiderSubnet> creates;

    public SubnetAdmission(SubnetMutator mutator, SubnetValidator validator, Supplier<? extends Collection<SpiderSubnet>> subnets,
                           Supplier<? extends Collection<SpiderIPPool>> pools) {
        super(SpiderSubnet.class, "spidersubnet");
        this.mutator = mutator;
        this.validator = validator;
        this.pools = pools;
        this.creates = new CreateGate<>(subnets);
    }

    @Override
    protected Mutation<SpiderSubnet> mutate(SpiderSubnet subnet) {
        return mutator.mutate(subnet);
    }

    @Override
    protected AdmissionResult validateCreate(SpiderSubnet subnet) {
        return creates.admit(subnet, known -> validator.validateCreate(subnet, known, pools.get()));
    }

    @Override
    protected AdmissionResult validateUpdate(SpiderSubnet oldSubnet, SpiderSubnet newSubnet) {
        return validator.validateUpdate(oldSubnet, newSubnet);
    }

    @Override
    protected AdmissionResult validateDelete(SpiderSubnet subnet) {
        return validator.validateDelete(subnet);
    }
}
