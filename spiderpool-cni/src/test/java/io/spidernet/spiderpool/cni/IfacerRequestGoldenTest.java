package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.ifacer.HostLink;
import io.spidernet.spiderpool.core.ifacer.IfacerNetConf;
import io.spidernet.spiderpool.core.ifacer.IfacerPlan;
import io.spidernet.spiderpool.core.ifacer.IfacerStep;
import io.spidernet.spiderpool.netlink.Links;
import io.spidernet.spiderpool.netlink.NewLink;
import io.spidernet.spiderpool.netlink.RequestBytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * This kernel has no 8021q and no bonding driver, so for the links ifacer creates the proof is the
 * request: the RTM_NEWLINK messages of an N-case's plan, built the way {@link NetlinkHostLinks}
 * builds them and encoded by the netlink module, against files written from the kernel's structs
 * by {@code ifacer-golden.py} (test resources).
 */
class IfacerRequestGoldenTest {

    @BeforeAll
    static void littleEndianHost() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            System.out.println("skipping ifacer's golden netlink bytes: they are written for a little-endian host");
            Assumptions.abort("the golden files are little-endian");
        }
    }

    @Test
    void N00001_theVlanRequestIsTheKernelsLayout() throws IOException {
        List<byte[]> requests = creations("\"interfaces\":[\"eth0\"],\"vlanID\":50", Map.of("eth0", 2),
                HostLink.device("eth0", true));

        assertThat(requests).hasSize(1);
        assertGolden("ifacer-N00001-vlan", requests.get(0));
    }

    @Test
    void N00006_theBondAndVlanRequestsAreTheKernelsLayout() throws IOException {
        List<byte[]> requests = creations("\"interfaces\":[\"eth1\",\"eth2\"],\"vlanID\":60,\"bond\":{\"name\":\"bond0\","
                + "\"mode\":1,\"options\":\"miimon=100;up_delay=200;primary=eth2\"}",
                Map.of("eth1", 2, "eth2", 3, "bond0", 4), HostLink.device("eth1", true), HostLink.device("eth2", true));

        assertThat(requests).hasSize(2);
        assertGolden("ifacer-N00006-bond", requests.get(0));
        assertGolden("ifacer-N00006-vlan", requests.get(1));
    }

    /** The create requests of the plan for {@code fields} on a host with {@code links}, names resolved by {@code indexes}. */
    private static List<byte[]> creations(String fields, Map<String, Integer> indexes, HostLink... links) {
        String conf = "{\"cniVersion\":\"1.0.0\",\"name\":\"golden\",\"type\":\"ifacer\"," + fields + "}";
        IfacerPlan plan = IfacerPlan.decide(IfacerNetConf.parse(conf.getBytes(StandardCharsets.UTF_8)), List.of(links));
        List<byte[]> out = new ArrayList<>();
        for (IfacerStep step : plan.steps()) {
            NewLink link = switch (step) {
                case IfacerStep.CreateVlan v -> NetlinkHostLinks.vlanLink(v.link(), indexes.get(v.parent()), v.vlanId());
                case IfacerStep.CreateBond b -> NetlinkHostLinks.bondLink(b.link(), b.mode(), b.options());
                default -> null;
            };
            if (link != null) {
                out.add(RequestBytes.of(Links.createRequest(link, indexes), 1));
            }
        }
        return out;
    }

    private static void assertGolden(String name, byte[] actual) throws IOException {
        assertThat(HexFormat.ofDelimiter(" ").formatHex(actual)).as(name + ".hex")
                .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(golden(name)));
    }

    /** Hex pairs; '#' starts a comment. */
    private static byte[] golden(String name) throws IOException {
        try (InputStream in = IfacerRequestGoldenTest.class.getResourceAsStream("/" + name + ".hex")) {
            assertThat(in).as("golden file " + name).isNotNull();
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                int hash = line.indexOf('#');
                hex.append((hash < 0 ? line : line.substring(0, hash)).replaceAll("\\s", ""));
            }
            return HexFormat.of().parseHex(hex);
        }
    }
}
