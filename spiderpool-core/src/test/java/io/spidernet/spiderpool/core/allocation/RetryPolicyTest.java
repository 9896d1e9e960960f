package io.spidernet.spiderpool.core.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void sharedPoolDelaysGrowToTheirCapAndStayWithinTheCallDeadline() {
        RandomGenerator always = new SplittableRandom(1);
        RetryPolicy p = RetryPolicy.sharedPool(d -> { }, always);

        assertThat(p.delayBefore(1)).isBetween(Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(p.delayBefore(30)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        Duration worst = Duration.ZERO;
        RetryPolicy maxJitter = new RetryPolicy(p.maxAttempts(), p.initialDelay(), p.factor(), p.maxDelay(), p.jitter(),
                d -> { }, new MaxRandom());
        for (int n = 1; n < p.maxAttempts(); n++) {
            worst = worst.plus(maxJitter.delayBefore(n));
        }
        // the plugin gives the agent 100 s; retrying must leave most of it
        assertThat(worst).isLessThan(Duration.ofSeconds(16)).isGreaterThan(Duration.ofSeconds(10));
    }

    @Test
    void garbageCollectionRetriesSoonAndGivesUpWithinTwoSeconds() {
        RetryPolicy p = RetryPolicy.garbageCollection(d -> { }, new SplittableRandom(1));
        assertThat(p.maxAttempts()).isEqualTo(20);
        assertThat(p.delayBefore(1)).isBetween(Duration.ofMillis(5), Duration.ofMillis(10));
        assertThat(p.delayBefore(19)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        RetryPolicy maxJitter = new RetryPolicy(p.maxAttempts(), p.initialDelay(), p.factor(), p.maxDelay(), p.jitter(),
                d -> { }, new MaxRandom());
        Duration worst = Duration.ZERO;
        for (int n = 1; n < p.maxAttempts(); n++) {
            worst = worst.plus(maxJitter.delayBefore(n));
        }
        // freed addresses are held back while the GC waits: a lost write must not stall the pass for long
        assertThat(worst).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void upstreamDefaultIsClientGosFiveSteps() {
        RetryPolicy p = RetryPolicy.upstreamDefault(d -> { }, new SplittableRandom(1));
        assertThat(p.maxAttempts()).isEqualTo(5);
        assertThat(p.delayBefore(4).toMillis()).isBetween(33L, 38L); // 10 ms × 1.5³ = 33.75 ms, +10 % jitter at most
    }

    /** Jitter at its largest. */
    private static final class MaxRandom implements RandomGenerator {
        @Override
        public long nextLong() {
            return -1L;
        }

        @Override
        public double nextDouble() {
            return Math.nextDown(1.0);
        }
    }
}
