package io.spidernet.spiderpool.agent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.spidernet.spiderpool.agent.ipam.Failures;
import io.spidernet.spiderpool.agent.ipam.NodeApi;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckResponse;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.GetWorkloadEndpointRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpoint;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Upstream's IPAM metrics around the node API, under the snake_case names its docs, Grafana dashboard
 * and alert rules use (upstream v1.2 renamed them to camelCase in code only; upstream-ipam §9):
 * {@code spiderpool_ipam_allocation_counts_total}, {@code …_failure_counts_total}, one
 * {@code …_err_<kind>_counts_total} per failure kind, and {@code spiderpool_ipam_allocation_duration_seconds}
 * with upstream's buckets; the same for release. Upstream's average/max/min/latest gauges are left
 * out: they are views of the histogram. Wrong input counts as its own kind, not as retries exhausted.
 */
public final class MeteredNodeApi implements NodeApi {
    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(7),
            Duration.ofSeconds(10), Duration.ofSeconds(15)};

    private final NodeApi node;
    private final Call allocation;
    private final Call release;

    public MeteredNodeApi(NodeApi node, MeterRegistry registry) {
        this.node = node;
        this.allocation = new Call(registry, "allocation");
        this.release = new Call(registry, "release");
        // one counter for both: this agent's allocations and releases of a pool share its writes
        FunctionCounter.builder("spiderpool.ipam.allocation.update.ippool.conflict.counts", node, NodeApi::poolWriteConflicts)
                .description("pool status writes refused because another writer changed the pool first (409)")
                .register(registry);
        FunctionCounter.builder("spiderpool.ipam.ippool.update.counts", node, NodeApi::poolWrites)
                .description("pool status writes sent, each carrying one or more allocations or releases")
                .register(registry);
    }

    /** Counters and the latency histogram of one call family. */
    private static final class Call {
        private final MeterRegistry registry;
        private final String prefix;
        private final Counter calls;
        private final Counter failures;
        private final Timer duration;

        Call(MeterRegistry registry, String what) {
            this.registry = registry;
            this.prefix = "spiderpool.ipam." + what;
            this.calls = Counter.builder(prefix + ".counts").description("IPAM " + what + " calls").register(registry);
            this.failures = Counter.builder(prefix + ".failure.counts").description("failed IPAM " + what + " calls")
                    .register(registry);
            this.duration = Timer.builder(prefix + ".duration").description("IPAM " + what + " latency")
                    .serviceLevelObjectives(BUCKETS).register(registry);
        }

        <T> T run(Supplier<T> work) {
            calls.increment();
            Timer.Sample sample = Timer.start(registry);
            try {
                return work.get();
            } catch (RuntimeException e) {
                failures.increment();
                Counter.builder(prefix + ".err." + errName(Failures.of(e).getKind()) + ".counts").register(registry).increment();
                throw e;
            } finally {
                sample.stop(duration);
            }
        }

        private static String errName(Failure.Kind kind) {
            return switch (kind) {
                case NO_AVAILABLE_POOL -> "no.available.pool";
                case IP_USED_OUT -> "ip.used.out";
                case RETRIES_EXHAUSTED -> "retries.exhausted";
                case WRONG_INPUT -> "wrong.input";
                case NOT_READY -> "not.ready";
                case NOT_FOUND -> "not.found";
                case CONFLICT_RELEASE_DISABLED, CONFLICT_RELEASE_STATEFUL -> "release.refused";
                case INTERNAL, UNKNOWN_METHOD, UNRECOGNIZED -> "internal";
            };
        }
    }

    @Override
    public AllocateResponse allocate(AllocateRequest req) {
        return allocation.run(() -> node.allocate(req));
    }

    @Override
    public ReleaseResponse release(ReleaseRequest req) {
        return release.run(() -> node.release(req));
    }

    @Override
    public ReleaseResponse releaseAll(ReleaseAllRequest req) {
        return release.run(() -> node.releaseAll(req));
    }

    @Override
    public CheckResponse check(CheckRequest req) {
        return node.check(req);
    }

    @Override
    public HealthyResponse healthy(HealthyRequest req) {
        return node.healthy(req);
    }

    @Override
    public WorkloadEndpoint workloadEndpoint(GetWorkloadEndpointRequest req) {
        return node.workloadEndpoint(req);
    }

    @Override
    public CoordinatorConfig coordinatorConfig(GetCoordinatorConfigRequest req) {
        return node.coordinatorConfig(req);
    }

    @Override
    public String describe() {
        return node.describe();
    }

    @Override
    public void close() {
        node.close();
    }
}
