package io.spidernet.spiderpool.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one netlink message: the 16-byte {@code nlmsghdr}, the family's fixed header (written
 * field by field with {@link #u8}, {@link #u16}, {@link #u32}) and {@code rtattr} attributes,
 * nested ones included. Netlink uses the host's byte order, and every attribute starts on a
 * 4-byte boundary. {@link NetlinkSocket} fills in length and sequence number when it sends.
 */
public final class NetlinkRequest {
    static final int HEADER_LENGTH = 16;
    private static final int ATTRIBUTE_HEADER_LENGTH = 4;

    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLM_F_DUMP = 0x300;

    private final int type;
    private final int flags;
    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

    /** @param flags the request's flags besides NLM_F_REQUEST, which is always set */
    public NetlinkRequest(int type, int flags) {
        this.type = type;
        this.flags = flags | NLM_F_REQUEST;
        buf.position(HEADER_LENGTH);
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public NetlinkRequest u8(int value) {
        ensure(1).put((byte) value);
        return this;
    }

    public NetlinkRequest u16(int value) {
        ensure(2).putShort((short) value);
        return this;
    }

    public NetlinkRequest u32(int value) {
        ensure(4).putInt(value);
        return this;
    }

    public NetlinkRequest attribute(int attrType, byte[] value) {
        int start = buf.position();
        ensure(ATTRIBUTE_HEADER_LENGTH + value.length + 3);
        buf.putShort((short) (ATTRIBUTE_HEADER_LENGTH + value.length)).putShort((short) attrType).put(value);
        pad(start);
        return this;
    }

    /** A NUL-terminated string, as the kernel expects for names such as IFLA_IFNAME. */
    public NetlinkRequest attribute(int attrType, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        return attribute(attrType, Arrays.copyOf(text, text.length + 1));
    }

    public NetlinkRequest attributeU32(int attrType, int value) {
        byte[] b = new byte[4];
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).putInt(value);
        return attribute(attrType, b);
    }

    /** Opens a nested attribute; pass the returned mark to {@link #endNested}. */
    public int beginNested(int attrType) {
        int start = buf.position();
        ensure(ATTRIBUTE_HEADER_LENGTH).putShort((short) 0).putShort((short) attrType);
        return start;
    }

    public NetlinkRequest endNested(int mark) {
        buf.putShort(mark, (short) (buf.position() - mark));
        return this;
    }

    /** The finished message with the given sequence number and port id 0 (the kernel's). */
    byte[] toBytes(int seq) {
        int length = buf.position();
        buf.putInt(0, length).putShort(4, (short) type).putShort(6, (short) flags).putInt(8, seq).putInt(12, 0);
        return Arrays.copyOf(buf.array(), length);
    }

    private void pad(int attributeStart) {
        int aligned = align(buf.position() - attributeStart);
        while (buf.position() - attributeStart < aligned) {
            buf.put((byte) 0);
        }
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    private ByteBuffer ensure(int more) {
        if (buf.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
                    .order(ByteOrder.nativeOrder());
            bigger.put(buf.array(), 0, buf.position());
            buf = bigger;
        }
        return buf;
    }
}
