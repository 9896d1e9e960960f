package io.spidernet.spiderpool.cni;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes protobuf's wire format for the few proto3 messages of the CNI socket (ipam.proto), so
 * that the plugin needs no protobuf runtime: that runtime builds the file's descriptors and
 * initialises java.util.logging when its first message class loads, a large share of every exec.
 * Canonical proto3 encoding, as protobuf's own serializer writes it: fields in the order the caller
 * writes them (ascending field numbers), scalars equal to their default left out, a set embedded
 * message always written. {@code AgentWireTest} holds every message to protobuf's bytes.
 */
final class WireWriter {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;

    private byte[] bytes = new byte[128];
    private int size;

    WireWriter string(int field, String value) {
        if (!value.isEmpty()) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    WireWriter strings(int field, List<String> values) {
        for (String value : values) {
            // repeated: every element is written, an empty one too
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    WireWriter bool(int field, boolean value) {
        if (value) {
            tag(field, VARINT);
            varint(1);
        }
        return this;
    }

    /** int32, int64 and enum fields: a negative value takes ten bytes, as protobuf writes it. */
    WireWriter int64(int field, long value) {
        if (value != 0) {
            tag(field, VARINT);
            varint(value);
        }
        return this;
    }

    /** An embedded message, written even when empty (a set message is present on the wire). */
    WireWriter message(int field, WireWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** This message preceded by its length, as protobuf's writeDelimitedTo frames it. */
    byte[] delimited() {
        return delimited(toByteArray());
    }

    /** An encoded message preceded by its length. */
    static byte[] delimited(byte[] message) {
        WireWriter out = new WireWriter();
        out.varint(message.length);
        out.append(message, 0, message.length);
        return out.toByteArray();
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private WireWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        append(value, 0, value.length);
        return this;
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }

    private void append(byte[] from, int offset, int length) {
        ensure(length);
        System.arraycopy(from, offset, bytes, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
