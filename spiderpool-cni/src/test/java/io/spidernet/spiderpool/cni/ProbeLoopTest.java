package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.spidernet.spiderpool.netlink.MacAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProbeLoopTest {
    static final MacAddress HOLDER = MacAddress.parse("52:54:00:12:34:56");
    static final byte[] QUESTION = {1};
    static final byte[] ANSWER = {2};
    static final byte[] OTHER = {3};
    static final ProbeLoop.Answer IS_ANSWER = (frame, length) ->
            length == 1 && frame[0] == 2 ? Optional.of(HOLDER) : Optional.empty();

    static ProbeLoop loop(FakeFrames io, int tries, long budgetMillis) {
        return new ProbeLoop(io, tries, 100, io.now() + budgetMillis * 1_000_000L, io::now);
    }

    @Test
    void anAnswerInTheSecondWindowEndsTheQuestion() throws Exception {
        AtomicInteger sends = new AtomicInteger();
        FakeFrames io = new FakeFrames(q -> sends.incrementAndGet() == 2 ? List.of(OTHER, ANSWER) : List.of());
        ProbeLoop.Outcome outcome = loop(io, 3, 1_500).ask(QUESTION, IS_ANSWER);
        assertThat(outcome.answeredBy()).contains(HOLDER);
        assertThat(outcome.asked()).isEqualTo(2);
        assertThat(io.sent).hasSize(2);
    }

    @Test
    void silenceMeansTheGivenTriesOfOneWindowEach() throws Exception {
        FakeFrames io = FakeFrames.silent();
        ProbeLoop.Outcome outcome = loop(io, 3, 1_500).ask(QUESTION, IS_ANSWER);
        assertThat(outcome.answeredBy()).isEmpty();
        assertThat(outcome.asked()).isEqualTo(3);
        assertThat(outcome.waitedMillis()).isEqualTo(300);
    }

    /** Frames that are not the answer must not extend a window; else a busy network never ends the probe. */
    @Test
    void unrelatedTrafficDoesNotStretchTheWindows() {
        FakeFrames io = FakeFrames.silent().noise(OTHER);
        ProbeLoop.Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> loop(io, 3, 1_500).ask(QUESTION, IS_ANSWER));
        assertThat(outcome.asked()).isEqualTo(3);
        assertThat(outcome.waitedMillis()).isBetween(300L, 303L);
    }

    @Test
    void theFamilyDeadlineCutsTriesShort() throws Exception {
        FakeFrames io = FakeFrames.silent();
        ProbeLoop.Outcome outcome = loop(io, 100, 1_500).ask(QUESTION, IS_ANSWER);
        assertThat(outcome.asked()).isEqualTo(15);
        assertThat(outcome.waitedMillis()).isEqualTo(1_500);
    }

    @Test
    void aDeadlineAlreadyPassedAsksNothing() throws Exception {
        FakeFrames io = FakeFrames.silent();
        ProbeLoop.Outcome outcome = loop(io, 3, 0).ask(QUESTION, IS_ANSWER);
        assertThat(outcome.asked()).isZero();
        assertThat(io.sent).isEmpty();
    }
}
