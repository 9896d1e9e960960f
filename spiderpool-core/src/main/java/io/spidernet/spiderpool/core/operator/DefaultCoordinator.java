package io.spidernet.spiderpool.core.operator;

import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;

/**
 * The SpiderCoordinator the chart creates ({@code default}), with the spec the Spiderpool object
 * gives, defaulted as the SpiderCoordinator webhook would: the webhook then changes nothing, so the
 * object written is the object kept, and drift means somebody edited it.
 */
public final class DefaultCoordinator {
    private DefaultCoordinator() {}

    public static SpiderCoordinator render(EffectiveSpec spec, Spiderpool owner) {
        SpiderCoordinator coordinator = new SpiderCoordinator();
        coordinator.setMetadata(ManagedObjects.metadata(spec.context().coordinatorName(), null, "spiderpool-controller", owner));
        coordinator.setSpec(spec.coordinator());
        return coordinator;
    }
}
