package io.spidernet.spiderpool.netlink;

import java.util.Arrays;
import java.util.HexFormat;

/** A hardware address (6 bytes for Ethernet; other lengths for other link types, empty for none). */
public record MacAddress(byte[] bytes) {
    public MacAddress {
        bytes = bytes.clone();
    }

    public static final MacAddress NONE = new MacAddress(new byte[0]);

    /** {@code aa:bb:cc:dd:ee:ff} (any case); anything else is refused with the text in the message. */
    public static MacAddress parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address (six hex pairs separated by ':')");
        }
        byte[] raw = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (!parts[i].matches("[0-9a-fA-F]{2}")) {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address (six hex pairs separated by ':')");
            }
            raw[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return new MacAddress(raw);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
