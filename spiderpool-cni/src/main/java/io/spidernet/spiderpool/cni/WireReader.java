package io.spidernet.spiderpool.cni;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads protobuf's wire format for the replies of the CNI socket (see {@link WireWriter} for why
 * not the protobuf runtime). Walks one message's fields: {@link #next()} gives each field number,
 * then the caller reads the value with the method of its type, or {@link #skip()}s it. A field
 * whose wire type is not the one its type has is skipped as protobuf skips it (as an unknown
 * field); fields unknown to this plugin (a newer agent) are skipped too. Every length is checked
 * against the bytes at hand, so a broken reply is a {@link MalformedWireException}, never an
 * out-of-bounds read.
 */
final class WireReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] bytes;
    private int position;
    private final int end;
    private int wireType;

    WireReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    private WireReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    /** The next field's number, or 0 at the end of the message. */
    int next() throws MalformedWireException {
        if (position >= end) {
            return 0;
        }
        long tag = varint();
        wireType = (int) (tag & 7);
        long field = tag >>> 3;
        if (field < 1 || field > 536_870_911) {
            throw new MalformedWireException("field number " + field + " at byte " + position);
        }
        return (int) field;
    }

    /** Whether the current field has the wire type its declared type uses; skips it when not. */
    boolean is(int expectedWireType) throws MalformedWireException {
        if (wireType == expectedWireType) {
            return true;
        }
        skip();
        return false;
    }

    String string() throws MalformedWireException {
        int length = length();
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    long int64() throws MalformedWireException {
        return varint();
    }

    boolean bool() throws MalformedWireException {
        return varint() != 0;
    }

    /** The embedded message of the current field, read by a reader of its own. */
    WireReader message() throws MalformedWireException {
        int length = length();
        WireReader inner = new WireReader(bytes, position, position + length);
        position += length;
        return inner;
    }

    /** The bytes not read yet. */
    byte[] unread() {
        return Arrays.copyOfRange(bytes, position, end);
    }

    void skip() throws MalformedWireException {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(length());
            case FIXED32 -> advance(4);
            default -> throw new MalformedWireException("wire type " + wireType + " (groups are not used by this API)");
        }
    }

    private int length() throws MalformedWireException {
        long length = varint();
        if (length < 0 || length > end - position) {
            throw new MalformedWireException("a length of " + length + " with " + (end - position) + " bytes left");
        }
        return (int) length;
    }

    private void advance(int count) throws MalformedWireException {
        if (count > end - position) {
            throw new MalformedWireException("a field of " + count + " bytes with " + (end - position) + " left");
        }
        position += count;
    }

    private long varint() throws MalformedWireException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw new MalformedWireException("the message ends inside a varint");
            }
            byte b = bytes[position++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new MalformedWireException("a varint longer than ten bytes");
    }

    /** The bytes are not the message this plugin expects: a different version of the agent, or not the agent. */
    static final class MalformedWireException extends Exception {
        MalformedWireException(String message) {
            super(message);
        }
    }
}
