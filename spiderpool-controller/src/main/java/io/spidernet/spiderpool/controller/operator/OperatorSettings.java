package io.spidernet.spiderpool.controller.operator;

import io.spidernet.spiderpool.core.operator.OperatorContext;
import java.time.Duration;

/**
 * The operator duty's settings, from {@code spiderpool.controller.operator.*} and the controller's
 * webhook and coordinator settings.
 *
 * @param enabled      {@code SPIDERPOOL_OPERATOR_ENABLED}
 * @param resyncPeriod how often everything is compared again without an event
 * @param debounce     how long a burst of events is gathered into one reconcile
 */
public record OperatorSettings(boolean enabled, OperatorContext context, Duration resyncPeriod, Duration debounce) {
    public OperatorSettings {
        if (resyncPeriod.isNegative() || resyncPeriod.isZero()) {
            throw new IllegalArgumentException("spiderpool.controller.operator.resync-period is " + resyncPeriod
                    + "; it must be positive, such as 60s");
        }
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("spiderpool.controller.operator.debounce is " + debounce
                    + "; it must be zero or more, such as 200ms");
        }
    }
}
