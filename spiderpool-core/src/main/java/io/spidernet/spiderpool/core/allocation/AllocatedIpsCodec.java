package io.spidernet.spiderpool.core.allocation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The one codec of a pool's {@code status.allocatedIPs} string. The output is byte-for-byte what
 * upstream's Go {@code json.Marshal} of its map writes (compact, keys in string order), so pools
 * written by either implementation compare equal. Streaming, not data binding: a busy pool's
 * ledger is decoded and encoded on every allocation and holds thousands of records.
 */
public final class AllocatedIpsCodec {
    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonStringEncoder ESCAPER = JsonStringEncoder.getInstance();

    private AllocatedIpsCodec() {}

    /** Null or blank (upstream omits the field when empty) decodes to an empty map. */
    public static Map<String, AllocationRecord> decode(String allocatedIPs) {
        return new HashMap<>(decodeRecords(allocatedIPs).asMap());
    }

    /** Empty encodes to null, so the field is omitted as upstream does. */
    public static String encode(Map<String, AllocationRecord> records) {
        return encode(LedgerRecords.of(records));
    }

    /**
     * Reads the exact shape both implementations write (compact, {@code pod} then {@code podUid},
     * no escapes) with one scan and no token objects; anything else — whitespace, escapes, other
     * fields, nulls, bad JSON — goes through the JSON parser, which gives the same records or the
     * error.
     */
    static LedgerRecords decodeRecords(String allocatedIPs) {
        if (allocatedIPs == null || allocatedIPs.isBlank()) {
            return LedgerRecords.EMPTY;
        }
        LedgerRecords fast = scanCompact(allocatedIPs);
        return fast != null ? fast : LedgerRecords.of(parse(allocatedIPs));
    }

    private static final String POD = LedgerRecords.POD;
    private static final String POD_UID = LedgerRecords.POD_UID;
    private static final String END = LedgerRecords.END;

    /**
     * Null when the text is not in the compact shape. Records stay in the text, located by
     * offsets: cutting out thousands of strings per allocation was most of its cost.
     */
    private static LedgerRecords scanCompact(String s) {
        int n = s.length();
        if (n < 2 || s.charAt(0) != '{' || s.charAt(n - 1) != '}' || s.indexOf('\\') >= 0 || hasControl(s)) {
            return null; // escapes and raw control characters: the parser decodes or refuses them
        }
        if (n == 2) {
            return LedgerRecords.EMPTY;
        }
        int[] bounds = new int[Math.max(64, n / 16)];
        int count = 0;
        boolean sorted = true;
        int at = 1;
        while (true) {
            if (s.charAt(at) != '"') {
                return null;
            }
            int ipEnd = s.indexOf('"', at + 1);
            if (ipEnd < 0 || !s.startsWith(POD, ipEnd)) {
                return null;
            }
            int podEnd = s.indexOf('"', ipEnd + POD.length());
            if (podEnd < 0 || !s.startsWith(POD_UID, podEnd)) {
                return null;
            }
            int uidEnd = s.indexOf('"', podEnd + POD_UID.length());
            if (uidEnd < 0 || !s.startsWith(END, uidEnd)) {
                return null;
            }
            int b = count * 4;
            if (b + 4 > bounds.length) {
                bounds = Arrays.copyOf(bounds, 2 * (b + 4));
            }
            bounds[b] = at + 1;
            bounds[b + 1] = ipEnd;
            bounds[b + 2] = podEnd;
            bounds[b + 3] = uidEnd;
            if (count > 0 && compareRegions(s, bounds[b - 4], bounds[b - 3], at + 1, ipEnd) >= 0) {
                sorted = false;
            }
            count++;
            at = uidEnd + END.length();
            if (at >= n) {
                return null; // the object is not closed
            }
            if (at == n - 1) {
                break;
            }
            if (s.charAt(at) != ',') {
                return null;
            }
            at++;
        }
        LedgerRecords inText = new LedgerRecords(s, bounds, count);
        if (sorted) {
            return inText;
        }
        String[] ips = new String[count];
        AllocationRecord[] records = new AllocationRecord[count];
        for (int i = 0; i < count; i++) {
            ips[i] = inText.ip(i);
            records[i] = inText.record(i);
        }
        return LedgerRecords.sorting(ips, records, count);
    }

    /** {@code s[a, aEnd).compareTo(s[b, bEnd))} without cutting either out. */
    private static int compareRegions(String s, int a, int aEnd, int b, int bEnd) {
        int n = Math.min(aEnd - a, bEnd - b);
        for (int k = 0; k < n; k++) {
            int d = s.charAt(a + k) - s.charAt(b + k);
            if (d != 0) {
                return d;
            }
        }
        return (aEnd - a) - (bEnd - b);
    }

    /**
     * Over the Latin-1 bytes (other characters become '?', which is no control character) with a
     * branch-free OR the compiler vectorises: a character-by-character test took longer than the
     * rest of the scan.
     */
    private static boolean hasControl(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        int negativeIfControl = 0;
        for (byte b : bytes) {
            negativeIfControl |= (b & 0xff) - 0x20;
        }
        return negativeIfControl < 0;
    }

    private static Map<String, AllocationRecord> parse(String allocatedIPs) {
        Map<String, AllocationRecord> out = new HashMap<>();
        try (JsonParser p = JSON.createParser(allocatedIPs)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, p);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String ip = p.currentName();
                expect(p.nextToken(), JsonToken.START_OBJECT, p);
                String pod = null;
                String uid = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("pod")) {
                        pod = p.getValueAsString();
                    } else if (field.equals("podUid")) {
                        uid = p.getValueAsString();
                    } else if (value.isStructStart()) {
                        p.skipChildren(); // tolerate fields a newer writer may add
                    }
                }
                out.put(ip, new AllocationRecord(pod, uid));
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, p);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("status.allocatedIPs is not the JSON object Spiderpool writes: "
                    + e.getMessage(), e);
        }
    }

    /**
     * One pass over records already in key order, into one builder; strings are escaped exactly as
     * the JSON generator escapes them (only when they hold a quote, a backslash or a control
     * character, which addresses, pod names and UIDs never do).
     */
    static String encode(LedgerRecords records) {
        int n = records.size();
        if (n == 0) {
            return null;
        }
        if (records.text() != null) {
            return records.text(); // read in the compact shape (and spliced): already what this would write
        }
        StringBuilder b = new StringBuilder(n * 96);
        b.append('{');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            AllocationRecord r = records.record(i);
            quote(b, records.ip(i));
            b.append(":{\"pod\":");
            quote(b, r.pod());
            b.append(",\"podUid\":");
            quote(b, r.podUid());
            b.append('}');
        }
        return b.append('}').toString();
    }

    private static void quote(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                b.append('"').append(ESCAPER.quoteAsString(s)).append('"');
                return;
            }
        }
        b.append('"').append(s).append('"');
    }

    private static void expect(JsonToken got, JsonToken want, JsonParser p) throws IOException {
        if (got != want) {
            throw new IOException("expected " + want + " but found " + got + " at " + p.currentLocation().getCharOffset());
        }
    }
}
