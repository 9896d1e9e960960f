package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.netlink.MacAddress;
import io.spidernet.spiderpool.netlink.PacketSocket;
import java.io.IOException;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Asks a question on the wire and waits for the answer: send the frame, read frames for one
 * window, and ask again while none answers, up to a number of tries. Every wait is bounded twice:
 * by the window counted from the send (frames that are not the answer do not extend it) and by a
 * deadline shared by all the questions of one address family, so a chatty network or a slow
 * kernel cannot hold a pod's ADD beyond it.
 */
final class ProbeLoop {
    /** Where frames go and come from; a {@link PacketSocket} in production. */
    interface FrameIo {
        void send(byte[] frame) throws IOException;

        /** @return the length of the next frame, or -1 when none came within {@code timeoutMillis} */
        int receive(byte[] into, long timeoutMillis) throws IOException;
    }

    /** Which received frames answer the question, and with which MAC. */
    interface Answer {
        Optional<MacAddress> in(byte[] frame, int length);
    }

    /**
     * @param answeredBy the MAC that answered, empty when none did
     * @param asked      how many times the question was sent
     * @param waitedMillis time from the first send until the answer or giving up
     */
    record Outcome(Optional<MacAddress> answeredBy, int asked, long waitedMillis) {}

    private final FrameIo io;
    private final int tries;
    private final long windowMillis;
    private final long deadlineNanos;
    private final LongSupplier nanoTime;
    private final byte[] buffer = new byte[PacketSocket.MAX_FRAME];

    /**
     * @param deadlineNanos in {@code nanoTime}'s terms: no wait goes past it
     */
    ProbeLoop(FrameIo io, int tries, long windowMillis, long deadlineNanos, LongSupplier nanoTime) {
        this.io = io;
        this.tries = tries;
        this.windowMillis = windowMillis;
        this.deadlineNanos = deadlineNanos;
        this.nanoTime = nanoTime;
    }

    Outcome ask(byte[] question, Answer answer) throws IOException {
        long start = nanoTime.getAsLong();
        int asked = 0;
        while (asked < tries && nanoTime.getAsLong() < deadlineNanos) {
            io.send(question);
            asked++;
            long windowEnd = Math.min(nanoTime.getAsLong() + windowMillis * 1_000_000L, deadlineNanos);
            for (long left = windowEnd - nanoTime.getAsLong(); left > 0; left = windowEnd - nanoTime.getAsLong()) {
                int length = io.receive(buffer, Math.max(1, left / 1_000_000L));
                if (length < 0) {
                    break;
                }
                Optional<MacAddress> mac = answer.in(buffer, length);
                if (mac.isPresent()) {
                    return new Outcome(mac, asked, millisSince(start));
                }
            }
        }
        return new Outcome(Optional.empty(), asked, millisSince(start));
    }

    private long millisSince(long start) {
        return (nanoTime.getAsLong() - start) / 1_000_000L;
    }
}
