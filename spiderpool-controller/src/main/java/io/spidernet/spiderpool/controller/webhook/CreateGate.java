package io.spidernet.spiderpool.controller.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.spidernet.spiderpool.core.webhook.AdmissionResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Serialises the create validations of one kind and counts the objects it admitted as existing
 * until the cache shows them. Without it, 100 identical SpiderSubnets created at once (upstream
 * I00009/I00010) are all judged against the same empty cache and all pass.
 *
 * <p>An admitted object is remembered until the cache holds an object of its name or for
 * {@link #HOLD} at most, because the API server may still refuse the create after admission
 * (another webhook, a quota) and such a ghost must not block its CIDR for long.
 *
 * <p>The guarantee is per replica: with several controller replicas behind the Service, two
 * creates that land on different replicas are still judged against caches that have not seen
 * each other; only the API server could close that gap (it has no uniqueness on a CIDR).
 */
final class CreateGate<T extends HasMetadata> {
    static final Duration HOLD = Duration.ofSeconds(10);

    private record Admitted<T>(T object, long expiresAt) {}

    private final Supplier<? extends Collection<T>> stored;
    private final LongSupplier nanoTime;
    private final long holdNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Admitted<T>> admitted = new LinkedHashMap<>();

    CreateGate(Supplier<? extends Collection<T>> stored) {
        this(stored, System::nanoTime, HOLD);
    }

    CreateGate(Supplier<? extends Collection<T>> stored, LongSupplier nanoTime, Duration hold) {
        this.stored = stored;
        this.nanoTime = nanoTime;
        this.holdNanos = hold.toNanos();
    }

    /**
     * Runs {@code rule} over the stored objects plus those admitted but not yet seen, one create at
     * a time, and remembers {@code object} when the rule allows it.
     */
    AdmissionResult admit(T object, Function<Collection<T>, AdmissionResult> rule) {
        String name = object.getMetadata().getName();
        lock.lock();
        try {
            Collection<T> known = stored.get();
            long now = nanoTime.getAsLong();
            Set<String> seen = known.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
            admitted.values().removeIf(a -> seen.contains(a.object().getMetadata().getName()) || now - a.expiresAt() >= 0);
            List<T> all = new ArrayList<>(known);
            // a retried create of the same name is judged afresh; the API server refuses real duplicates
            admitted.values().stream().map(Admitted::object).filter(o -> !name.equals(o.getMetadata().getName())).forEach(all::add);
            AdmissionResult result = rule.apply(all);
            if (result.isAllowed()) {
                admitted.put(name, new Admitted<>(object, now + holdNanos));
            }
            return result;
        } finally {
            lock.unlock();
        }
    }
}
