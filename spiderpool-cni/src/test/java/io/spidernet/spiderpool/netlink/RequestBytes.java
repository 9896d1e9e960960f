package io.spidernet.spiderpool.netlink;

/**
 * Test-only access to the bytes a {@link NetlinkRequest} puts on the wire, which the netlink module
 * keeps package-private; lives in that package (on the test classpath only) so that ifacer's golden
 * files check the very encoder the plugin uses.
 */
public final class RequestBytes {
    private RequestBytes() {}

    public static byte[] of(NetlinkRequest request, int seq) {
        return request.toBytes(seq);
    }
}
