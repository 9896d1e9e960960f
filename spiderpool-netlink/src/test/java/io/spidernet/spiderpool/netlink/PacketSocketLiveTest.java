package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A packet socket on each end of a veth pair between two namespaces. */
class PacketSocketLiveTest {
    NetnsFixture left;
    NetnsFixture right;

    @BeforeEach
    void namespaces() throws Exception {
        NetnsFixture.requireUsable();
        left = NetnsFixture.create("pktl");
        right = NetnsFixture.create("pktr");
        left.vethTo("vl", right, "vr");
        left.ip("link", "set", "vl", "up");
    }

    @AfterEach
    void cleanUp() {
        if (left != null) {
            left.close();
        }
        if (right != null) {
            right.close();
        }
    }

    static int index(NetnsFixture ns, String dev) throws Exception {
        return Integer.parseInt(ns.ip("-o", "link", "show", dev).split(":")[0].strip());
    }

    @Test
    void aSentFrameArrivesWholeOnThePeerAndNotBackAtTheSender() throws Exception {
        MacAddress mac = MacAddress.parse(left.mac("vl"));
        byte[] frame = ArpFrames.probe(mac, (Inet4Address) InetAddress.ofLiteral("192.0.2.10"));
        int a = index(left, "vl");
        int b = index(right, "vr");
        byte[] got = new byte[PacketSocket.MAX_FRAME];
        CountDownLatch bound = new CountDownLatch(1);
        FutureTask<Integer> receiving = new FutureTask<>(() -> Netns.run(right.path(), () -> {
            try (PacketSocket s = PacketSocket.open(b, PacketSocket.ETH_P_ARP)) {
                bound.countDown();
                return s.receive(got, 5_000);
            }
        }));
        Thread.ofPlatform().start(receiving);
        assertThat(bound.await(5, TimeUnit.SECONDS)).isTrue();
        int echoed = Netns.run(left.path(), () -> {
            try (PacketSocket s = PacketSocket.open(a, PacketSocket.ETH_P_ARP)) {
                s.send(frame);
                return s.receive(new byte[PacketSocket.MAX_FRAME], 200);
            }
        });
        assertThat(echoed).as("the sender's own outgoing frame is skipped").isEqualTo(-1);
        int length = receiving.get();
        assertThat(Arrays.copyOf(got, length)).isEqualTo(frame);
    }

    @Test
    void receiveReturnsWithinItsTimeoutOnASilentLink() throws Exception {
        int a = index(left, "vl");
        long start = System.nanoTime();
        int length = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Netns.run(left.path(), () -> {
            try (PacketSocket s = PacketSocket.open(a, PacketSocket.ETH_P_IPV6 + 1)) { // an ethertype nobody sends
                return s.receive(new byte[PacketSocket.MAX_FRAME], 150);
            }
        }));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(length).isEqualTo(-1);
        assertThat(millis).isGreaterThanOrEqualTo(150);
    }

    @Test
    void aFrameLongerThanTheBufferIsRefusedBeforeSending() throws Exception {
        int a = index(left, "vl");
        assertThatThrownBy(() -> Netns.run(left.path(), () -> {
            try (PacketSocket s = PacketSocket.open(a, PacketSocket.ETH_P_ARP)) {
                s.send(new byte[PacketSocket.MAX_FRAME + 1]);
                return null;
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining((PacketSocket.MAX_FRAME + 1) + " bytes");
    }

    @Test
    void anUnknownInterfaceIsNamedInTheError() {
        assertThatThrownBy(() -> Netns.run(left.path(), () -> PacketSocket.open(9999, PacketSocket.ETH_P_ARP)))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("interface 9999")
                .hasMessageContaining("errno 19");
    }
}
