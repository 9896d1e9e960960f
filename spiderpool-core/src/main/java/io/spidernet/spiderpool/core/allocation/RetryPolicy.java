package io.spidernet.spiderpool.core.allocation;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently to retry a pool write that lost a compare-and-set race. Delays grow
 * geometrically with jitter so that agents on different nodes stop colliding in lock-step.
 * The sleeper and the randomness are given, so core never blocks or draws on its own.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double factor, Duration maxDelay, double jitter,
                          Sleeper sleeper, RandomGenerator random) {

    /** Waits; the adapters pass {@code Thread::sleep}, tests pass a recorder. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Upstream's client-go DefaultRetry: 5 steps from 10 ms, factor 1.5, jitter 0.1. */
    public static RetryPolicy upstreamDefault(Sleeper sleeper, RandomGenerator random) {
        return new RetryPolicy(5, Duration.ofMillis(10), 1.5, Duration.ofSeconds(1), 0.1, sleeper, random);
    }

    /**
     * For a pool many agents write at once (the Kubernetes store). client-go's five steps give up
     * while other agents' writes keep landing in between: in a storm of ten agents on one pool, whole
     * batches of ADDs failed that one more look would have served, and the kubelet's retry of a failed
     * ADD costs far more than another look. So: forty attempts from 10 ms, growing by 1.3 up to 250 ms,
     * with up to 100 % jitter so that agents which collided spread apart; at most about 15 s in all,
     * well inside the plugin's 100 s deadline.
     */
    public static RetryPolicy sharedPool(Sleeper sleeper, RandomGenerator random) {
        return new RetryPolicy(40, Duration.ofMillis(10), 1.3, Duration.ofMillis(250), 1.0, sleeper, random);
    }

    /**
     * For garbage collection's releases into pools the agents keep writing: twenty attempts, the first
     * after 5–10 ms, growing by 1.3 up to 50–100 ms, close to the waits of the GC's own write loop before
     * it went through the engine. With {@link #sharedPool}'s longer waits a GC write that lost a race
     * held its freed addresses back from the ADDs waiting on a full pool (GC soak: 54–64 s in four runs
     * against 48–55 s before); with these, 48.5–54.6 s against 48.7–54.9 s, runs interleaved. A GC that
     * loses every race leaves the work to its next pass.
     */
    public static RetryPolicy garbageCollection(Sleeper sleeper, RandomGenerator random) {
        return new RetryPolicy(20, Duration.ofMillis(5), 1.3, Duration.ofMillis(50), 1.0, sleeper, random);
    }

    /** Never waits: for single-writer stores and tests. */
    public static RetryPolicy immediate(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Duration.ZERO, 1.0, Duration.ZERO, 0.0, d -> { }, RandomGenerator.getDefault());
    }

    /** The pause before attempt {@code n} (n ≥ 1; there is none before the first). */
    public Duration delayBefore(int n) {
        double base = Math.min(maxDelay.toNanos(), initialDelay.toNanos() * Math.pow(factor, Math.max(0, n - 1)));
        double withJitter = base * (1 + jitter * random.nextDouble());
        return Duration.ofNanos((long) withJitter);
    }

    /**
     * Waits before attempt {@code attempt} (counted from 0: nothing before the first), for any
     * compare-and-set loop; an interrupt ends the retries with the flag kept.
     */
    public void pause(int attempt) {
        if (attempt < 1) {
            return;
        }
        try {
            sleeper.sleep(delayBefore(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a pool write", e);
        }
    }
}
