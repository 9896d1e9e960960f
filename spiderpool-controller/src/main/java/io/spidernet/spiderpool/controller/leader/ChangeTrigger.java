package io.spidernet.spiderpool.controller.leader;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.BiPredicate;

/**
 * An informer handler for duties that recompute everything on a change (debounced by their
 * trigger): it runs the trigger on add and delete, and on an update unless {@code same} says that
 * nothing the duty reads changed.
 */
public final class ChangeTrigger<T> implements ResourceEventHandler<T> {
    private final Runnable trigger;
    private final BiPredicate<T, T> same;

    private ChangeTrigger(Runnable trigger, BiPredicate<T, T> same) {
        this.trigger = trigger;
        this.same = same;
    }

    /** Every event triggers. */
    public static <T> ChangeTrigger<T> onAnyEvent(Runnable trigger) {
        return new ChangeTrigger<>(trigger, (before, after) -> false);
    }

    /** Add and delete trigger; an update triggers unless {@code same} holds for its two versions. */
    public static <T> ChangeTrigger<T> unless(BiPredicate<T, T> same, Runnable trigger) {
        return new ChangeTrigger<>(trigger, same);
    }

    @Override
    public void onAdd(T obj) {
        trigger.run();
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        if (!same.test(oldObj, newObj)) {
            trigger.run();
        }
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        trigger.run();
    }
}
