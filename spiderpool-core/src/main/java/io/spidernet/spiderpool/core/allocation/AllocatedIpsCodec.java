package io.spidernet.spiderpool.core.allocation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one codec of a pool's {@code status.allocatedIPs} string. The output is byte-for-byte what
 * upstream's Go {@code json.Marshal} of its map writes (compact, keys in string order), so pools
 * written by either implementation compare equal. Streaming, not data binding: a busy pool's
 * ledger is decoded and encoded on every allocation and holds thousands of records.
 */
public final class AllocatedIpsCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private AllocatedIpsCodec() {}

    /** Null or blank (upstream omits the field when empty) decodes to an empty map. */
    public static Map<String, AllocationRecord> decode(String allocatedIPs) {
        Map<String, AllocationRecord> out = new HashMap<>();
        if (allocatedIPs == null || allocatedIPs.isBlank()) {
            return out;
        }
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

    /** Empty encodes to null, so the field is omitted as upstream does. */
    public static String encode(Map<String, AllocationRecord> records) {
        if (records.isEmpty()) {
            return null;
        }
        List<String> keys = new ArrayList<>(records.keySet());
        keys.sort(null); // Go sorts map keys as strings
        StringWriter w = new StringWriter(records.size() * 80);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            for (String ip : keys) {
                AllocationRecord r = records.get(ip);
                g.writeObjectFieldStart(ip);
                g.writeStringField("pod", r.pod());
                g.writeStringField("podUid", r.podUid());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode allocatedIPs", e);
        }
        return w.toString();
    }

    private static void expect(JsonToken got, JsonToken want, JsonParser p) throws IOException {
        if (got != want) {
            throw new IOException("expected " + want + " but found " + got + " at " + p.currentLocation().getCharOffset());
        }
    }
}
