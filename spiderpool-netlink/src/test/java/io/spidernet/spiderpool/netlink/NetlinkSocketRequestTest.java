package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link NetlinkSocket#request}: one answer, then the acknowledgement; read-only, so no namespace is needed. */
class NetlinkSocketRequestTest {

    @Test
    void returnsTheOneAnswerAndLeavesNothingForTheNextRequest() throws NetlinkException {
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            NetlinkMessage first = socket.request(getRoute(127, 0, 0, 1), "get route to 127.0.0.1");
            NetlinkMessage second = socket.request(getRoute(127, 0, 0, 2), "get route to 127.0.0.2");

            assertThat(first.type()).isEqualTo(Routes.RTM_NEWROUTE);
            assertThat(Routes.decode(first).dst()).isEqualTo(IpPrefix.parse("127.0.0.1/32"));
            assertThat(Routes.decode(second).dst()).as("not the first request's acknowledgement")
                    .isEqualTo(IpPrefix.parse("127.0.0.2/32"));
        }
    }

    @Test
    // without the check the call would block in recv(2) for an acknowledgement that never comes, which
    // an interrupt does not end: the separate thread lets the test fail instead of hanging the run
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refusesARequestWhoseEndWouldNotBeMarked() throws NetlinkException {
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            NetlinkRequest withoutAck = new NetlinkRequest(Routes.RTM_GETROUTE, 0).u8(RouteNetlink.AF_INET)
                    .u8(32).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0).attribute(Routes.RTA_DST, new byte[] {127, 0, 0, 1});

            assertThatThrownBy(() -> socket.request(withoutAck, "get route to 127.0.0.1"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NLM_F_ACK");
        }
    }

    private static NetlinkRequest getRoute(int a, int b, int c, int d) {
        return new NetlinkRequest(Routes.RTM_GETROUTE, NetlinkRequest.NLM_F_ACK).u8(RouteNetlink.AF_INET)
                .u8(32).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0)
                .attribute(Routes.RTA_DST, new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }
}
