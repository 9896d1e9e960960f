package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.ip.IpAddress;
import java.util.Locale;

/** The MAC {@code podMACPrefix} gives a NIC: the two prefix bytes, then the low 32 bits of its IP. */
public final class PodMac {
    private PodMac() {}

    /**
     * @param prefix checked {@code xx:xx} (see {@link CoordinatorSettings})
     * @return e.g. {@code 0a:1b:c0:00:02:0a} for prefix {@code 0a:1b} and 192.0.2.10; an IPv6
     *         address gives its last four bytes. Unlike upstream, an IPv4 address whose first byte
     *         is 0 still gives four bytes (upstream's big-integer formatting drops leading zeros)
     */
    public static String fromPrefix(String prefix, IpAddress ip) {
        long low = ip.value().longValue() & 0xFFFF_FFFFL;
        StringBuilder mac = new StringBuilder(prefix.toLowerCase(Locale.ROOT));
        for (int shift = 24; shift >= 0; shift -= 8) {
            mac.append(':').append(String.format(Locale.ROOT, "%02x", (low >>> shift) & 0xFF));
        }
        return mac.toString();
    }
}
