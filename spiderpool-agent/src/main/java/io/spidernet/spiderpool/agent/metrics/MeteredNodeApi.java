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
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectResponse;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Upstream's IPAM metrics around the node API, under the snake_case names its docs, Grafana dashboard
 * and alert rules use (upstream v1.2 renamed them to camelCase in code only; upstream-ipam §9), for
 * allocation and release alike: {@code spiderpool_ipam_<call>_counts_total}, {@code …_failure_counts_total},
 * one {@code …_err_<kind>_counts_total} per failure kind (upstream's documented kinds registered from the
 * start, so a dashboard shows 0 rather than nothing), {@code …_duration_seconds} with upstream's buckets
 * and its average/max/min/latest gauges, {@code …_limit_duration_seconds} and its gauges for the time a
 * call waited behind another call on the same pod before its own work began (reported by the store),
 * and {@code …_update_ippool_conflict_counts_total}. Wrong input counts as its own kind, not as retries
 * exhausted as upstream does.
 */
public final class MeteredNodeApi implements NodeApi {
    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(7),
            Duration.ofSeconds(10), Duration.ofSeconds(15)};

    private final NodeApi node;
    private final Call allocation;
    private final Call release;

    /**
     * @param store builds the node API to meter, given where to report queue waits
     * @param debug upstream's debug metrics ({@code SPIDERPOOL_ENABLED_DEBUG_METRIC})
     */
    public MeteredNodeApi(Function<NodeApi.QueueWaits, NodeApi> store, MeterRegistry registry, boolean debug) {
        this.allocation = new Call(registry, "allocation",
                List.of(Failure.Kind.INTERNAL, Failure.Kind.NO_AVAILABLE_POOL, Failure.Kind.RETRIES_EXHAUSTED, Failure.Kind.IP_USED_OUT));
        this.release = new Call(registry, "release", List.of(Failure.Kind.INTERNAL, Failure.Kind.RETRIES_EXHAUSTED));
        this.node = store.apply((call, nanos) -> (call == NodeApi.Call.RELEASE ? release : allocation).waited(nanos));
        // One pool write carries every allocation and release of this agent queued for that pool (group
        // commit), so a lost race cannot be told apart by call: both counters count every refused write.
        for (String call : List.of("allocation", "release")) {
            FunctionCounter.builder("spiderpool.ipam." + call + ".update.ippool.conflict.counts", this.node, NodeApi::poolWriteConflicts)
                    .description("pool status writes refused because another writer changed the pool first (409)")
                    .register(registry);
        }
        FunctionCounter.builder("spiderpool.ipam.ippool.update.counts", this.node, NodeApi::poolWrites)
                .description("pool status writes sent, each carrying one or more allocations or releases")
                .register(registry);
        if (debug) {
            FunctionCounter.builder("spiderpool.debug.auto.pool.waited.for.available.counts", this.node, NodeApi::autoPoolWaits)
                    .description("allocations that waited for their application's auto-pool to appear")
                    .register(registry);
        }
    }

    /** Counters, latency and queue-wait histograms and their gauges of one call family. */
    private static final class Call {
        private final MeterRegistry registry;
        private final String prefix;
        private final Counter calls;
        private final Counter failures;
        private final Timer duration;
        private final DurationGauges durationGauges;
        private final Timer limit;
        private final DurationGauges limitGauges;

        Call(MeterRegistry registry, String what, List<Failure.Kind> documentedErrors) {
            this.registry = registry;
            this.prefix = "spiderpool.ipam." + what;
            this.calls = Counter.builder(prefix + ".counts").description("IPAM " + what + " calls").register(registry);
            this.failures = Counter.builder(prefix + ".failure.counts").description("failed IPAM " + what + " calls")
                    .register(registry);
            documentedErrors.forEach(kind -> errors(kind));
            this.duration = Timer.builder(prefix + ".duration").description("IPAM " + what + " latency")
                    .serviceLevelObjectives(BUCKETS).register(registry);
            this.durationGauges = new DurationGauges(registry, prefix, "duration.seconds", "IPAM " + what + " latency");
            this.limit = Timer.builder(prefix + ".limit.duration")
                    .description("time an IPAM " + what + " waited behind another call on the same pod")
                    .serviceLevelObjectives(BUCKETS).register(registry);
            this.limitGauges = new DurationGauges(registry, prefix, "limit.duration.seconds",
                    "wait of an IPAM " + what + " behind another call on the same pod");
        }

        private Counter errors(Failure.Kind kind) {
            return Counter.builder(prefix + ".err." + errName(kind) + ".counts").register(registry);
        }

        <T> T run(Supplier<T> work) {
            calls.increment();
            long start = registry.config().clock().monotonicTime();
            try {
                return work.get();
            } catch (RuntimeException e) {
                failures.increment();
                errors(Failures.of(e).getKind()).increment();
                throw e;
            } finally {
                long nanos = registry.config().clock().monotonicTime() - start;
                duration.record(nanos, TimeUnit.NANOSECONDS);
                durationGauges.record(nanos / 1e9);
            }
        }

        void waited(long nanos) {
            limit.record(nanos, TimeUnit.NANOSECONDS);
            limitGauges.record(nanos / 1e9);
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

    /** Not a DEL: upstream's release metrics do not count it. */
    @Override
    public GarbageCollectResponse garbageCollect(GarbageCollectRequest req) {
        return node.garbageCollect(req);
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
