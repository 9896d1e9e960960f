package io.spidernet.spiderpool.core.allocation;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The records of a pool's {@code status.allocatedIPs} as two parallel arrays in the order the
 * status is written (addresses compared as strings, as Go sorts map keys). Kept sorted so that
 * encoding is one pass with no sort and an allocation is one binary search and one array copy:
 * a ledger is decoded, changed by one record and encoded again on every allocation, and a
 * map of thousands of entries rebuilt and re-sorted each time made that cost grow with the pool.
 * Immutable, so ledgers built from it are safe to share between threads.
 */
final class LedgerRecords {
    static final LedgerRecords EMPTY = new LedgerRecords(new String[0], new AllocationRecord[0]);

    private final String[] ips;
    private final AllocationRecord[] records;
    /** Built on first use only: the allocation path never needs it. */
    private volatile Map<String, AllocationRecord> asMap;

    /** Takes ownership of the arrays, which must be sorted by address string without duplicates. */
    LedgerRecords(String[] ips, AllocationRecord[] records) {
        this.ips = ips;
        this.records = records;
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
        return ips.length;
    }

    String ip(int i) {
        return ips[i];
    }

    AllocationRecord record(int i) {
        return records[i];
    }

    /** The record of this address, or null. */
    AllocationRecord get(String ip) {
        int i = Arrays.binarySearch(ips, ip);
        return i >= 0 ? records[i] : null;
    }

    /** Index of the first record held by this pod UID, or -1. */
    int indexOfUid(String podUid) {
        for (int i = 0; i < records.length; i++) {
            if (podUid.equals(records[i].podUid())) {
                return i;
            }
        }
        return -1;
    }

    LedgerRecords with(String ip, AllocationRecord record) {
        int i = Arrays.binarySearch(ips, ip);
        if (i >= 0) {
            AllocationRecord[] rs = records.clone();
            rs[i] = record;
            return new LedgerRecords(ips, rs);
        }
        int at = -i - 1;
        int n = ips.length;
        String[] outIps = new String[n + 1];
        AllocationRecord[] outRecords = new AllocationRecord[n + 1];
        System.arraycopy(ips, 0, outIps, 0, at);
        System.arraycopy(records, 0, outRecords, 0, at);
        outIps[at] = ip;
        outRecords[at] = record;
        System.arraycopy(ips, at, outIps, at + 1, n - at);
        System.arraycopy(records, at, outRecords, at + 1, n - at);
        return new LedgerRecords(outIps, outRecords);
    }

    /** Without the records that match; this same object when none does. */
    LedgerRecords without(Predicate<AllocationRecord> match) {
        String[] outIps = new String[ips.length];
        AllocationRecord[] outRecords = new AllocationRecord[ips.length];
        int m = 0;
        for (int i = 0; i < ips.length; i++) {
            if (!match.test(records[i])) {
                outIps[m] = ips[i];
                outRecords[m++] = records[i];
            }
        }
        return m == ips.length ? this : new LedgerRecords(Arrays.copyOf(outIps, m), Arrays.copyOf(outRecords, m));
    }

    LedgerRecords without(String ip) {
        int i = Arrays.binarySearch(ips, ip);
        if (i < 0) {
            return this;
        }
        int n = ips.length;
        String[] outIps = new String[n - 1];
        AllocationRecord[] outRecords = new AllocationRecord[n - 1];
        System.arraycopy(ips, 0, outIps, 0, i);
        System.arraycopy(records, 0, outRecords, 0, i);
        System.arraycopy(ips, i + 1, outIps, i, n - i - 1);
        System.arraycopy(records, i + 1, outRecords, i, n - i - 1);
        return new LedgerRecords(outIps, outRecords);
    }

    /** Every record that matches replaced by {@code now}; this same object when none does. */
    LedgerRecords replacing(Predicate<AllocationRecord> match, AllocationRecord now) {
        AllocationRecord[] rs = null;
        for (int i = 0; i < records.length; i++) {
            if (match.test(records[i])) {
                if (rs == null) {
                    rs = records.clone();
                }
                rs[i] = now;
            }
        }
        return rs == null ? this : new LedgerRecords(ips, rs);
    }

    /** Unmodifiable, in address-string order. */
    Map<String, AllocationRecord> asMap() {
        Map<String, AllocationRecord> m = asMap;
        if (m == null) {
            LinkedHashMap<String, AllocationRecord> built = LinkedHashMap.newLinkedHashMap(ips.length);
            for (int i = 0; i < ips.length; i++) {
                built.put(ips[i], records[i]);
            }
            m = Collections.unmodifiableMap(built);
            asMap = m;
        }
        return m;
    }
}
