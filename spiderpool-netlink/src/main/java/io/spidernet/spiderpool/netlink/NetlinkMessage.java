package io.spidernet.spiderpool.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One message read from a netlink socket: the {@code nlmsghdr} fields and the payload after it
 * (family header plus attributes), as a read-only host-order view of the received bytes.
 */
public record NetlinkMessage(int type, int flags, int seq, ByteBuffer payload) {
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLM_F_MULTI = 0x2;
    /** The kernel changed the table during the dump; the dump must be repeated. */
    public static final int NLM_F_DUMP_INTR = 0x10;

    public NetlinkMessage {
        payload = payload.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    /**
     * Splits one datagram into its messages. A length field that runs past the datagram means the
     * bytes are not netlink at all; that is reported rather than guessed around.
     */
    static List<NetlinkMessage> parseAll(ByteBuffer datagram) throws NetlinkException {
        ByteBuffer in = datagram.duplicate().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> out = new ArrayList<>();
        int at = in.position();
        while (in.limit() - at >= NetlinkRequest.HEADER_LENGTH) {
            int length = in.getInt(at);
            if (length < NetlinkRequest.HEADER_LENGTH || length > in.limit() - at) {
                throw new NetlinkException("malformed netlink message: length " + length + " at offset " + at
                        + " of a " + in.limit() + "-byte datagram");
            }
            int type = Short.toUnsignedInt(in.getShort(at + 4));
            int flags = Short.toUnsignedInt(in.getShort(at + 6));
            int seq = in.getInt(at + 8);
            ByteBuffer payload = in.slice(at + NetlinkRequest.HEADER_LENGTH, length - NetlinkRequest.HEADER_LENGTH);
            out.add(new NetlinkMessage(type, flags, seq, payload));
            at += NetlinkRequest.align(length);
        }
        return out;
    }

    /** The errno carried by an NLMSG_ERROR (0 for an acknowledgement), as a positive number. */
    public int errorCode() {
        return payload.remaining() >= 4 ? -payload.getInt(0) : 0;
    }

    /** The attributes that follow a fixed family header of {@code headerLength} bytes. */
    public NetlinkAttributes attributes(int headerLength) {
        return NetlinkAttributes.parse(payload, NetlinkRequest.align(headerLength));
    }
}
