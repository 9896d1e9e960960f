package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.ip.IpAddress;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The records of a pool's {@code status.allocatedIPs}, in the order the status is written
 * (addresses compared as strings, as Go sorts map keys). A ledger is decoded, changed by one
 * record and encoded again on every allocation, so that path must not cost work per record
 * beyond one scan: records read from the compact text stay in it, addressed by offsets, and an
 * allocation splices its one record into that text, which is then the next status as it stands.
 * Records are cut out as strings only when someone asks for them. Other changes (releases,
 * rebinds) work on arrays and write the text anew. Immutable, so safe to share between threads.
 */
final class LedgerRecords {
    static final String POD = "\":{\"pod\":\"";
    static final String POD_UID = "\",\"podUid\":\"";
    static final String END = "\"}";
    private static final int STRIDE = 4;

    static final LedgerRecords EMPTY = new LedgerRecords(new String[0], new AllocationRecord[0]);

    private final int size;
    /** The exact encoding of these records, or null when it must be written. */
    private final String text;
    /**
     * With {@code text}: per record, the offsets of the address's first character and of the
     * closing quotes of the address, the pod and the UID.
     */
    private final int[] bounds;
    /** The records as arrays; given, or cut out of {@code text} on first need. */
    private volatile Columns columns;

    private record Columns(String[] ips, AllocationRecord[] records) {}

    /** Takes ownership of the arrays, which must be sorted by address string without duplicates. */
    LedgerRecords(String[] ips, AllocationRecord[] records) {
        this.size = ips.length;
        this.text = null;
        this.bounds = null;
        this.columns = new Columns(ips, records);
    }

    /**
     * Takes ownership of {@code bounds}; {@code text} must be the compact encoding, sorted, without
     * duplicates or characters that need escaping (what {@link AllocatedIpsCodec} checked).
     */
    LedgerRecords(String text, int[] bounds, int size) {
        this.size = size;
        this.text = text;
        this.bounds = bounds;
    }

    static LedgerRecords of(Map<String, AllocationRecord> map) {
        String[] ips = map.keySet().toArray(String[]::new);
        Arrays.sort(ips);
        AllocationRecord[] rs = new AllocationRecord[ips.length];
        for (int i = 0; i < ips.length; i++) {
            rs[i] = map.get(ips[i]);
        }
        return new LedgerRecords(ips, rs);
    }

    /**
     * Sorts arrays read in another order; of equal addresses the last one read wins, as when the
     * JSON object is read into a map.
     */
    static LedgerRecords sorting(String[] ips, AllocationRecord[] records, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer, String>comparing(i -> ips[i]).thenComparing(Comparator.reverseOrder()));
        String[] outIps = new String[n];
        AllocationRecord[] outRecords = new AllocationRecord[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (m > 0 && outIps[m - 1].equals(ips[i])) {
                continue; // an earlier duplicate; the last one read is already in
            }
            outIps[m] = ips[i];
            outRecords[m++] = records[i];
        }
        return new LedgerRecords(Arrays.copyOf(outIps, m), Arrays.copyOf(outRecords, m));
    }

    int size() {
        return size;
    }

    /** The encoding of these records when it is already at hand, else null. */
    String text() {
        return text;
    }

    String ip(int i) {
        Columns c = columns;
        if (c != null) {
            return c.ips[i];
        }
        return text.substring(bounds[i * STRIDE], bounds[i * STRIDE + 1]);
    }

    AllocationRecord record(int i) {
        Columns c = columns;
        if (c != null) {
            return c.records[i];
        }
        int b = i * STRIDE;
        int podStart = bounds[b + 1] + POD.length();
        int uidStart = bounds[b + 2] + POD_UID.length();
        return new AllocationRecord(text.substring(podStart, bounds[b + 2]), text.substring(uidStart, bounds[b + 3]));
    }

    /** The IPv4 value of record {@code i}'s address, read in place. */
    long v4Value(int i) {
        if (text != null) {
            return IpAddress.parseV4Value(text, bounds[i * STRIDE], bounds[i * STRIDE + 1]);
        }
        return IpAddress.parseV4Value(columns().ips[i]);
    }

    private Columns columns() {
        Columns c = columns;
        if (c == null) {
            String[] ips = new String[size];
            AllocationRecord[] rs = new AllocationRecord[size];
            for (int i = 0; i < size; i++) {
                ips[i] = ip(i);
                rs[i] = record(i);
            }
            c = new Columns(ips, rs);
            columns = c;
        }
        return c;
    }

    /** Index of this address, or {@code -(insertion point) - 1}, as {@link Arrays#binarySearch}. */
    private int search(String ip) {
        if (text == null) {
            return Arrays.binarySearch(columns().ips, ip);
        }
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = compareAt(mid, ip);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** {@code ip(i).compareTo(ip)} without cutting the address out. */
    private int compareAt(int i, String ip) {
        int from = bounds[i * STRIDE];
        int len = bounds[i * STRIDE + 1] - from;
        int n = Math.min(len, ip.length());
        for (int k = 0; k < n; k++) {
            int d = text.charAt(from + k) - ip.charAt(k);
            if (d != 0) {
                return d;
            }
        }
        return len - ip.length();
    }

    /** The record of this address, or null. */
    AllocationRecord get(String ip) {
        int i = search(ip);
        return i >= 0 ? record(i) : null;
    }

    /** Index of the first record held by this pod UID, or -1. */
    int indexOfUid(String podUid) {
        if (text == null) {
            AllocationRecord[] rs = columns().records;
            for (int i = 0; i < size; i++) {
                if (podUid.equals(rs[i].podUid())) {
                    return i;
                }
            }
            return -1;
        }
        int len = podUid.length();
        for (int i = 0; i < size; i++) {
            int end = bounds[i * STRIDE + 3];
            int start = bounds[i * STRIDE + 2] + POD_UID.length();
            if (end - start == len && text.regionMatches(start, podUid, 0, len)) {
                return i;
            }
        }
        return -1;
    }

    LedgerRecords with(String ip, AllocationRecord record) {
        int i = search(ip);
        if (i < 0 && text != null && plain(ip) && plain(record.pod()) && plain(record.podUid())) {
            return splicing(-i - 1, ip, record);
        }
        Columns c = columns();
        if (i >= 0) {
            AllocationRecord[] rs = c.records.clone();
            rs[i] = record;
            return new LedgerRecords(c.ips, rs);
        }
        int at = -i - 1;
        String[] outIps = new String[size + 1];
        AllocationRecord[] outRecords = new AllocationRecord[size + 1];
        System.arraycopy(c.ips, 0, outIps, 0, at);
        System.arraycopy(c.records, 0, outRecords, 0, at);
        outIps[at] = ip;
        outRecords[at] = record;
        System.arraycopy(c.ips, at, outIps, at + 1, size - at);
        System.arraycopy(c.records, at, outRecords, at + 1, size - at);
        return new LedgerRecords(outIps, outRecords);
    }

    /** The text with one new record before record {@code at} (or last): one copy of the text. */
    private LedgerRecords splicing(int at, String ip, AllocationRecord record) {
        String pod = record.pod();
        String uid = record.podUid();
        int segment = 1 + ip.length() + POD.length() + pod.length() + POD_UID.length() + uid.length() + END.length();
        boolean last = at == size;
        int cut = last ? text.length() - 1 : bounds[at * STRIDE] - 1; // the final '}' or the record's opening quote
        // sized once: appending a range of a string is one array copy, and the module compiles
        // string concatenation to default-sized builders that would grow (copy) a dozen times
        StringBuilder b = new StringBuilder(text.length() + segment + 1);
        b.append(text, 0, cut);
        if (last) {
            b.append(',');
        }
        int ipStart = b.length() + 1;
        b.append('"').append(ip).append(POD).append(pod).append(POD_UID).append(uid).append(END);
        b.append(last ? '}' : ',');
        b.append(text, last ? cut + 1 : cut, text.length());
        String next = b.toString();
        int[] out = new int[(size + 1) * STRIDE];
        System.arraycopy(bounds, 0, out, 0, at * STRIDE);
        int o = at * STRIDE;
        out[o] = ipStart;
        out[o + 1] = ipStart + ip.length();
        out[o + 2] = out[o + 1] + POD.length() + pod.length();
        out[o + 3] = out[o + 2] + POD_UID.length() + uid.length();
        int shift = segment + 1;
        for (int k = at * STRIDE; k < size * STRIDE; k++) {
            out[k + STRIDE] = bounds[k] + shift;
        }
        return new LedgerRecords(next, out, size + 1);
    }

    /** Written as is inside quotes: no quote, backslash or control character, not null. */
    static boolean plain(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Without the records that match; this same object when none does. */
    LedgerRecords without(Predicate<AllocationRecord> match) {
        Columns c = columns();
        String[] outIps = new String[size];
        AllocationRecord[] outRecords = new AllocationRecord[size];
        int m = 0;
        for (int i = 0; i < size; i++) {
            if (!match.test(c.records[i])) {
                outIps[m] = c.ips[i];
                outRecords[m++] = c.records[i];
            }
        }
        return m == size ? this : new LedgerRecords(Arrays.copyOf(outIps, m), Arrays.copyOf(outRecords, m));
    }

    LedgerRecords without(String ip) {
        int i = search(ip);
        if (i < 0) {
            return this;
        }
        Columns c = columns();
        String[] outIps = new String[size - 1];
        AllocationRecord[] outRecords = new AllocationRecord[size - 1];
        System.arraycopy(c.ips, 0, outIps, 0, i);
        System.arraycopy(c.records, 0, outRecords, 0, i);
        System.arraycopy(c.ips, i + 1, outIps, i, size - i - 1);
        System.arraycopy(c.records, i + 1, outRecords, i, size - i - 1);
        return new LedgerRecords(outIps, outRecords);
    }

    /** Every record that matches replaced by {@code now}; this same object when none does. */
    LedgerRecords replacing(Predicate<AllocationRecord> match, AllocationRecord now) {
        Columns c = columns();
        AllocationRecord[] rs = null;
        for (int i = 0; i < size; i++) {
            if (match.test(c.records[i])) {
                if (rs == null) {
                    rs = c.records.clone();
                }
                rs[i] = now;
            }
        }
        return rs == null ? this : new LedgerRecords(c.ips, rs);
    }

    /** Unmodifiable, in address-string order. */
    Map<String, AllocationRecord> asMap() {
        Columns c = columns();
        LinkedHashMap<String, AllocationRecord> built = LinkedHashMap.newLinkedHashMap(size);
        for (int i = 0; i < size; i++) {
            built.put(c.ips[i], c.records[i]);
        }
        return Collections.unmodifiableMap(built);
    }
}
