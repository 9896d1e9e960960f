package io.spidernet.spiderpool.it;

import io.spidernet.spiderpool.it.ClusterStorm.Call;
import io.spidernet.spiderpool.it.StormCluster.StormPod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A steady stream of pods while a fault happens, as a cluster keeps scheduling pods whatever breaks:
 * waves of fresh pods ({@link StormCluster#createPods}), one wave's ADDs at once, a pause, the next
 * wave; every failed ADD repeated as the {@link ClusterStorm}'s retries allow. The fault starts with
 * wave {@code wavesBefore + 1}, on its own thread, and the stream goes on until the fault is over and
 * {@code wavesAfter} waves started after its end were answered. Every answer is stamped, so the
 * recovery is measured from the fault's end: to the first address answered, and to the last.
 */
final class FaultStorm {
    /** The fault: returns when it is over (the process restarted and serving, the API server back). */
    interface Fault {
        void inject() throws Exception;
    }

    /**
     * Every call of every wave; the fault's start and end, the first answer after its end and the last
     * answer (System.nanoTime()); the waves run and the addresses answered while the fault lasted.
     */
    record Result(List<Call> calls, long faultStart, long faultEnd, long firstAnswerAfterEnd, long done,
                  int waves, long answeredDuringFault) {
        /** From the fault's end to the first address answered after it; zero if answers never stopped. */
        Duration firstAllocation() {
            return Duration.ofNanos(Math.max(0, firstAnswerAfterEnd - faultEnd));
        }

        /** From the fault's end to the storm's last answer. */
        Duration completion() {
            return Duration.ofNanos(done - faultEnd);
        }

        Duration fault() {
            return Duration.ofNanos(faultEnd - faultStart);
        }
    }

    private final StormCluster cluster;
    private final ClusterStorm storm;
    private final int perReplicaSet;
    private final Duration gap;
    private final int wavesBefore;
    private final int wavesAfter;
    private final int maxWaves;
    private final ConcurrentLinkedQueue<Long> answers = new ConcurrentLinkedQueue<>();

    /** {@code maxWaves} bounds the pods (and so the pool they need) if the fault never ends. */
    FaultStorm(StormCluster cluster, ClusterStorm storm, int perReplicaSet, Duration gap, int wavesBefore, int wavesAfter,
               int maxWaves) {
        this.cluster = cluster;
        this.storm = storm;
        this.perReplicaSet = perReplicaSet;
        this.gap = gap;
        this.wavesBefore = wavesBefore;
        this.wavesAfter = wavesAfter;
        this.maxWaves = maxWaves;
    }

    Result run(Fault fault) throws Exception {
        List<Call> calls = new ArrayList<>();
        long[] window = new long[2];
        FutureTask<Void> faultTask = new FutureTask<>(() -> {
            window[0] = System.nanoTime();
            fault.inject();
            window[1] = System.nanoTime();
            return null;
        });
        int wavesAfterEnd = 0;
        int wave = 0;
        while (wavesAfterEnd < wavesAfter) {
            if (++wave > maxWaves) {
                faultTask.cancel(true);
                throw new AssertionError("the fault was not over after " + maxWaves + " waves of pods");
            }
            if (wave == wavesBefore + 1) {
                Thread.ofPlatform().name("fault").start(faultTask);
            }
            boolean startedAfterEnd = faultTask.isDone();
            List<StormPod> batch = cluster.createPods("w" + wave, perReplicaSet);
            calls.addAll(storm.phase(batch, p -> stamped(storm.allocate(p))).calls());
            wavesAfterEnd += startedAfterEnd ? 1 : 0;
            Thread.sleep(gap);
        }
        try {
            faultTask.get();
        } catch (ExecutionException e) {
            throw new AssertionError("the fault could not be injected: " + e.getCause(), e.getCause());
        }
        long done = answers.stream().mapToLong(Long::longValue).max().orElseThrow();
        long firstAfter = answers.stream().mapToLong(Long::longValue).filter(t -> t >= window[1]).min().orElse(done);
        long during = answers.stream().filter(t -> t >= window[0] && t < window[1]).count();
        return new Result(calls, window[0], window[1], firstAfter, done, wave, during);
    }

    /** Addresses answered so far, so that a fault can wait until ADDs are in flight. */
    int answered() {
        return answers.size();
    }

    private Call stamped(Call call) {
        if (call.ok()) {
            answers.add(System.nanoTime());
        }
        return call;
    }
}
