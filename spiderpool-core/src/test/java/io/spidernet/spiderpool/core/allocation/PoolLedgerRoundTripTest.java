package io.spidernet.spiderpool.core.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpFormatException;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The ledger keeps records in the status text and splices allocations into it; these cases hold
 * every status it writes to what a JSON generator writes for the same records in key order (the
 * format upstream's {@code json.Marshal} writes), and every status it reads to what a JSON parser
 * reads, through random sequences of allocations, releases and rebinds.
 */
class PoolLedgerRoundTripTest {
    private static final JsonFactory JSON = new JsonFactory();
    private final Random rnd = new Random(1515);

    @Test
    void everyWrittenStatusIsWhatTheJsonGeneratorWrites() {
        for (int c = 0; c < 300; c++) {
            TreeMap<String, AllocationRecord> want = new TreeMap<>();
            for (int i = rnd.nextInt(c % 10 == 0 ? 250 : 40); i > 0; i--) { // some beyond the first growth of the offsets
                want.put(randomIp().toString(), randomRecord());
            }
            PoolLedger ledger = PoolLedger.of(pool(generated(want)));
            for (int step = 0; step < 30; step++) {
                switch (rnd.nextInt(5)) {
                    case 0, 1 -> {
                        IpAddress ip = randomIp();
                        AllocationRecord r = randomRecord();
                        ledger = ledger.withAllocation(ip, r);
                        want.put(ip.toString(), r);
                    }
                    case 2 -> {
                        String uid = someUid(want);
                        ledger = ledger.withoutUid(uid);
                        want.values().removeIf(r -> uid.equals(r.podUid()));
                    }
                    case 3 -> {
                        String ip = want.isEmpty() ? "10.0.0.1" : List.copyOf(want.keySet()).get(rnd.nextInt(want.size()));
                        String uid = rnd.nextBoolean() ? someUid(want) : (want.containsKey(ip) ? want.get(ip).podUid() : "x");
                        ledger = ledger.withoutAddress(ip, uid);
                        if (want.containsKey(ip) && uid.equals(want.get(ip).podUid())) {
                            want.remove(ip);
                        }
                    }
                    default -> {
                        String uid = someUid(want);
                        AllocationRecord now = randomRecord();
                        ledger = ledger.withUidRebound(uid, now);
                        want.replaceAll((ip, r) -> uid.equals(r.podUid()) ? now : r);
                    }
                }
                String ctx = "case " + c + " step " + step;
                IPPoolStatus status = ledger.toStatus();
                assertThat(status.getAllocatedIPs()).as(ctx).isEqualTo(generated(want));
                assertThat(status.getAllocatedIPCount()).as(ctx).isEqualTo((long) want.size());
                assertThat(ledger.records()).as(ctx).isEqualTo(want);
                assertThat(ledger.allocated()).as(ctx).isEqualTo(IpSet.ofAddresses(IpFamily.V4,
                        want.keySet().stream().map(IpAddress::parse).toList()));
                for (AllocationRecord r : want.values()) {
                    assertThat(ledger.addressOf(r.podUid())).as(ctx).isPresent();
                }
                // the next read of what was written sees the same ledger
                ledger = PoolLedger.of(pool(status.getAllocatedIPs()));
                assertThat(ledger.records()).as(ctx).isEqualTo(want);
            }
        }
    }

    @Test
    void readsWhatTheJsonParserReadsInAnyShape() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<String> texts = List.of(
                "{}",
                "{\"10.0.0.2\":{\"pod\":\"a/b\",\"podUid\":\"u1\"},\"10.0.0.1\":{\"pod\":\"a/c\",\"podUid\":\"u2\"}}",
                "{\"10.0.0.1\":{\"pod\":\"a/b\",\"podUid\":\"u1\"},\"10.0.0.1\":{\"pod\":\"a/c\",\"podUid\":\"u2\"}}",
                "{ \"10.0.0.1\" : {\"podUid\":\"u1\",\"pod\":\"a/b\", \"node\":{\"x\":1}} }",
                "{\"10.0.0.1\":{\"pod\":\"a/\\\"q\\\\\",\"podUid\":\"u\\u00e9\"}}",
                "{\"10.0.0.1\":{\"pod\":null,\"podUid\":\"u1\"}}",
                "{\"10.0.0.1\":{\"pod\":\"ü/€\",\"podUid\":\"u1\"},\"10.0.0.9\":{\"pod\":\"a/b\",\"podUid\":\"u9\"}}");
        for (String text : texts) {
            Map<String, Map<String, Object>> parsed = mapper.readValue(text, mapper.getTypeFactory()
                    .constructMapType(TreeMap.class, mapper.getTypeFactory().constructType(String.class),
                            mapper.getTypeFactory().constructMapType(TreeMap.class, String.class, Object.class)));
            TreeMap<String, AllocationRecord> want = new TreeMap<>();
            parsed.forEach((ip, r) -> want.put(ip, new AllocationRecord((String) r.get("pod"), (String) r.get("podUid"))));
            PoolLedger ledger = PoolLedger.of(pool(text));
            assertThat(ledger.records()).as(text).isEqualTo(want);
            assertThat(AllocatedIpsCodec.decode(text)).as(text).isEqualTo(want);
            assertThat(ledger.toStatus().getAllocatedIPs()).as(text).isEqualTo(generated(want));
            IpAddress next = IpAddress.parse("10.0.0.5");
            want.put(next.toString(), new AllocationRecord("n/s", "new"));
            assertThat(ledger.withAllocation(next, new AllocationRecord("n/s", "new")).toStatus().getAllocatedIPs())
                    .as(text).isEqualTo(generated(want));
        }
    }

    @Test
    void refusesWhatTheJsonParserRefuses() {
        for (String bad : List.of("{\"10.0.0.1\":{\"pod\":\"a\u0001\",\"podUid\":\"u\"}}",
                "{\"10.0.0.1\":{\"pod\":\"a\",\"podUid\":\"u\"}", "{\"10.0.0.1\":{\"pod\":\"a\",\"podUid\":\"u\"},}",
                "[1]")) {
            assertThatThrownBy(() -> PoolLedger.of(pool(bad))).as(bad)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("status.allocatedIPs");
        }
    }

    @Test
    void anAddressOfTheWrongShapeFailsAsParseFails() {
        for (String bad : List.of("10.0.0", "10.0.0.256", "10.0.0.01", "fd00::1", "10.0.0.1 ", "a.b.c.d")) {
            String text = "{\"" + bad + "\":{\"pod\":\"a/b\",\"podUid\":\"u\"}}";
            assertThatThrownBy(() -> PoolLedger.of(pool(text))).as(bad).isInstanceOf(IpFormatException.class);
            assertThatThrownBy(() -> IpAddress.parseV4Value(bad)).as(bad).isInstanceOf(IpFormatException.class)
                    .hasMessage(catchMessage(bad));
        }
        assertThat(IpAddress.parseV4Value("255.255.255.255")).isEqualTo(0xffffffffL);
        assertThat(IpAddress.parseV4Value("0.0.0.0")).isZero();
    }

    private static String catchMessage(String text) {
        try {
            IpAddress.parse(text, IpFamily.V4);
            throw new AssertionError(text + " parsed");
        } catch (IpFormatException e) {
            return e.getMessage();
        }
    }

    private IpAddress randomIp() {
        return IpAddress.of(IpFamily.V4, BigInteger.valueOf(0x0a000000L + rnd.nextInt(300)));
    }

    private AllocationRecord randomRecord() {
        int k = rnd.nextInt(20);
        String pod = switch (rnd.nextInt(12)) {
            case 0 -> "ns/q\"uote";
            case 1 -> "ns/back\\slash";
            case 2 -> "ns/tab\t";
            case 3 -> "ns/é-" + k;
            default -> "ns/pod-" + k;
        };
        return new AllocationRecord(pod, "uid-" + k);
    }

    private String someUid(Map<String, AllocationRecord> want) {
        return want.isEmpty() || rnd.nextInt(4) == 0 ? "uid-none"
                : List.copyOf(want.values()).get(rnd.nextInt(want.size())).podUid();
    }

    private static SpiderIPPool pool(String allocatedIPs) {
        SpiderIPPool p = Pools.pool("p", "10.0.0.0/16", List.of("10.0.0.1-10.0.1.254"));
        p.setStatus(new IPPoolStatus(allocatedIPs, 510L, null));
        return p;
    }

    /** What a JSON generator writes for the records in key order: the format itself. */
    private static String generated(TreeMap<String, AllocationRecord> records) {
        if (records.isEmpty()) {
            return null;
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            for (Map.Entry<String, AllocationRecord> e : records.entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("pod", e.getValue().pod());
                g.writeStringField("podUid", e.getValue().podUid());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }
}
