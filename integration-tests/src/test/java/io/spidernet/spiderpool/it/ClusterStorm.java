package io.spidernet.spiderpool.it;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.IpConfig;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import io.spidernet.spiderpool.cni.AgentSocketCalls;
import io.spidernet.spiderpool.it.StormCluster.StormPod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Drives a storm: every pod's CNI ADD at its node's agent at once, then, once the pods are deleted
 * from the API, every CNI DEL; checks what the agents answered against what the API server holds,
 * and measures it. The calls go over the CNI socket with the plugin's own client, as the
 * {@code spiderpool} binary would make them, minus one process exec per pod.
 *
 * <p>Each agent gets at most {@code perAgent} calls at a time: a node's runtime does not start all
 * its sandboxes in the same millisecond either, and it keeps the measured latency that of the agent
 * rather than of the socket's accept backlog.
 *
 * <p>A failed call may be repeated, as kubelet repeats a failed sandbox set-up or tear-down: up to
 * {@link Retries#max()} more times, {@link Retries#delay()} apart. Every call remembers whether its
 * first attempt failed and why, so retries never hide what the agent did.
 */
final class ClusterStorm {
    static final String IF_NAME = "eth0";

    private final CountingApiServer api;
    private final StormCluster cluster;
    private final AgentFleet fleet;
    private final Map<String, AgentSocketCalls> agents = new HashMap<>();
    private final Map<String, Semaphore> slots = new HashMap<>();
    private final Retries retries;

    /** How a failed call is repeated; {@link #NONE} takes every first answer as final. */
    record Retries(int max, Duration delay) {
        static final Retries NONE = new Retries(0, Duration.ZERO);
    }

    ClusterStorm(CountingApiServer api, StormCluster cluster, AgentFleet fleet, int perAgent, Retries retries) {
        this.api = api;
        this.cluster = cluster;
        this.fleet = fleet;
        this.retries = retries;
        for (String node : cluster.nodes()) {
            agents.put(node, new AgentSocketCalls(fleet.socket(node)));
            slots.put(node, new Semaphore(perAgent));
        }
    }

    /**
     * What one CNI call came to, after any retries: the address (ADD) or the count of freed addresses
     * (DEL), or the last error; the time from the first attempt to the last answer; the attempts made
     * and the first attempt's error (null when it succeeded).
     */
    record Call(StormPod pod, String address, int released, String error, long nanos, int attempts, String firstError) {
        static Call ok(StormPod pod, String address, int released, long nanos) {
            return new Call(pod, address, released, null, nanos, 1, null);
        }

        static Call failed(StormPod pod, String error, long nanos) {
            return new Call(pod, null, 0, error, nanos, 1, error);
        }

        boolean ok() {
            return error == null;
        }

        boolean firstAttemptFailed() {
            return firstError != null;
        }
    }

    /** One phase: its calls, its wall time, what the API server saw meanwhile and the CPU the agents used. */
    record Phase(List<Call> calls, Duration wall, CountingApiServer.Counts api, Duration agentCpu) {
        List<Call> failed() {
            return calls.stream().filter(c -> !c.ok()).toList();
        }
    }

    /** The whole round: allocate, check, delete the pods, release, check. */
    StormResult run(List<StormPod> pods) {
        Phase allocate = phase(pods, this::allocate);
        List<String> problems = new ArrayList<>(StormChecks.allocated(api.client(), cluster.range(), allocate.calls()));
        cluster.deletePods(pods);
        Phase release = phase(pods, this::release);
        Set<StormPod> held = allocate.calls().stream().filter(Call::ok).map(Call::pod).collect(Collectors.toSet());
        problems.addAll(StormChecks.released(api.client(), release.calls(), held));
        return new StormResult(pods.size(), cluster.nodes().size(), allocate, release, problems);
    }

    /** Fires {@code call} for every pod at once, each on its own virtual thread. */
    Phase phase(List<StormPod> pods, Function<StormPod, Call> call) {
        CountingApiServer.Counts before = api.counts();
        Duration cpu0 = fleet.cpu();
        long t0 = System.nanoTime();
        List<Call> calls = new ArrayList<>(pods.size());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Call>> futures = pods.stream().map(p -> threads.submit(() -> retried(p, call))).toList();
            for (Future<Call> f : futures) {
                calls.add(f.get());
            }
        } catch (Exception e) {
            throw new IllegalStateException("the storm's driver failed: " + e.getMessage(), e);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        return new Phase(calls, wall, api.counts().since(before), fleet.cpu().minus(cpu0));
    }

    /** The call, repeated after a failure as {@link #retries} allows; the pause holds no slot of the agent. */
    private Call retried(StormPod pod, Function<StormPod, Call> call) throws InterruptedException {
        Call first = limited(pod, call);
        Call last = first;
        long spent = first.nanos();
        int attempts = 1;
        while (!last.ok() && attempts <= retries.max()) {
            Thread.sleep(retries.delay());
            last = limited(pod, call);
            spent += retries.delay().toNanos() + last.nanos();
            attempts++;
        }
        return new Call(pod, last.address(), last.released(), last.error(), spent, attempts, first.error());
    }

    private Call limited(StormPod pod, Function<StormPod, Call> call) throws InterruptedException {
        Semaphore slot = slots.get(pod.node());
        slot.acquire();
        try {
            return call.apply(pod);
        } finally {
            slot.release();
        }
    }

    /** CNI ADD of the pod's eth0, every storm pool listed; the answer must be one IPv4 address from the pod's node's pool. */
    Call allocate(StormPod pod) {
        AllocateRequest request = AllocateRequest.newBuilder().setContainerId(containerId(pod)).setIfName(IF_NAME)
                .setNetNamespace(netns(pod)).setPod(identity(pod)).addAllDefaultIpv4Ippool(cluster.pools()).build();
        long t0 = System.nanoTime();
        try {
            AllocateResponse r = agents.get(pod.node()).allocate(request);
            long nanos = System.nanoTime() - t0;
            List<IpConfig> ips = r.getIpsList();
            if (ips.size() != 1 || ips.getFirst().getVersion() != 4 || !pod.pool().equals(ips.getFirst().getIpPool())) {
                return Call.failed(pod, "answered " + ips + ", not one IPv4 address of " + pod.pool(), nanos);
            }
            return Call.ok(pod, ips.getFirst().getAddress().split("/")[0], 0, nanos);
        } catch (RuntimeException e) {
            return Call.failed(pod, e.getMessage(), System.nanoTime() - t0);
        }
    }

    /** CNI DEL of the pod's eth0, after the pod is gone from the API (a live pod's DEL frees nothing). */
    Call release(StormPod pod) {
        ReleaseRequest request = ReleaseRequest.newBuilder().setContainerId(containerId(pod)).setIfName(IF_NAME)
                .setNetNamespace(netns(pod)).setPod(identity(pod)).build();
        long t0 = System.nanoTime();
        try {
            ReleaseResponse r = agents.get(pod.node()).release(request);
            return Call.ok(pod, null, r.getReleasedCount(), System.nanoTime() - t0);
        } catch (RuntimeException e) {
            return Call.failed(pod, e.getMessage(), System.nanoTime() - t0);
        }
    }

    /** One sandbox per pod: the runtime's container ID, derived so that a retried ADD repeats it. */
    static String containerId(StormPod pod) {
        return "storm-" + pod.uid();
    }

    private static String netns(StormPod pod) {
        return "/var/run/netns/cni-" + pod.uid();
    }

    private static PodIdentity identity(StormPod pod) {
        return PodIdentity.newBuilder().setNamespace(pod.namespace()).setName(pod.name()).setUid(pod.uid()).build();
    }
}
