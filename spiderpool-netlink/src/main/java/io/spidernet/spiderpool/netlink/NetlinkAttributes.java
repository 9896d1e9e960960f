package io.spidernet.spiderpool.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code rtattr}/{@code nlattr} list of a message, by type. The top two bits of the type are
 * flags (nested, network byte order) and are dropped. A later attribute of the same type wins,
 * which matches how the kernel's own parser treats repeats.
 */
public final class NetlinkAttributes {
    private static final int TYPE_MASK = 0x3fff;
    private static final int HEADER_LENGTH = 4;

    private final Map<Integer, ByteBuffer> byType;

    private NetlinkAttributes(Map<Integer, ByteBuffer> byType) {
        this.byType = byType;
    }

    static NetlinkAttributes parse(ByteBuffer payload, int offset) {
        Map<Integer, ByteBuffer> byType = new HashMap<>();
        int at = offset;
        while (payload.limit() - at >= HEADER_LENGTH) {
            int length = Short.toUnsignedInt(payload.getShort(at));
            if (length < HEADER_LENGTH || length > payload.limit() - at) {
                break; // a truncated tail: keep what was well-formed, as the kernel's nla_parse does
            }
            int type = Short.toUnsignedInt(payload.getShort(at + 2)) & TYPE_MASK;
            byType.put(type, payload.slice(at + HEADER_LENGTH, length - HEADER_LENGTH).order(ByteOrder.nativeOrder()));
            at += NetlinkRequest.align(length);
        }
        return new NetlinkAttributes(byType);
    }

    public boolean has(int type) {
        return byType.containsKey(type);
    }

    /** The raw value, or null when absent. */
    public byte[] bytes(int type) {
        ByteBuffer v = byType.get(type);
        if (v == null) {
            return null;
        }
        byte[] out = new byte[v.remaining()];
        v.get(v.position(), out);
        return out;
    }

    /** A NUL-terminated string attribute, or null when absent. */
    public String string(int type) {
        byte[] raw = bytes(type);
        if (raw == null) {
            return null;
        }
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    /** A 32-bit value, or {@code dflt} when absent or too short. */
    public int u32(int type, int dflt) {
        ByteBuffer v = byType.get(type);
        return v == null || v.remaining() < 4 ? dflt : v.getInt(v.position());
    }

    /** The attributes inside a nested attribute; empty when it is absent. */
    public NetlinkAttributes nested(int type) {
        ByteBuffer v = byType.get(type);
        return v == null ? new NetlinkAttributes(Map.of()) : parse(v.slice().order(ByteOrder.nativeOrder()), 0);
    }
}
