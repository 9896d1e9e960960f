package io.spidernet.spiderpool.cni;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A frame channel on a fake clock: after each send, the responder's frames arrive one per
 * millisecond; a receive with nothing queued lets the whole timeout pass. {@link #noise} makes
 * an unrelated frame arrive every millisecond, forever, like a busy broadcast domain.
 */
final class FakeFrames implements ProbeLoop.FrameIo {
    long nanos = 1_000_000_000L;
    final List<byte[]> sent = new ArrayList<>();
    private final Deque<byte[]> queued = new ArrayDeque<>();
    private final Function<byte[], List<byte[]>> responder;
    private byte[] noise;

    FakeFrames(Function<byte[], List<byte[]>> responder) {
        this.responder = responder;
    }

    static FakeFrames silent() {
        return new FakeFrames(frame -> List.of());
    }

    FakeFrames noise(byte[] frame) {
        this.noise = frame;
        return this;
    }

    long now() {
        return nanos;
    }

    @Override
    public void send(byte[] frame) {
        sent.add(frame.clone());
        queued.addAll(responder.apply(frame));
    }

    @Override
    public int receive(byte[] into, long timeoutMillis) {
        byte[] next = queued.isEmpty() ? noise : queued.poll();
        if (next == null) {
            nanos += timeoutMillis * 1_000_000L;
            return -1;
        }
        nanos += 1_000_000L;
        System.arraycopy(next, 0, into, 0, next.length);
        return next.length;
    }
}
