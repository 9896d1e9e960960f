package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.JsonReader;
import io.spidernet.spiderpool.core.ifacer.HostLink;
import io.spidernet.spiderpool.netlink.Netns;
import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * ifacer with its real netlink wiring, run inside a throw-away namespace standing in for the host
 * (a veth pair plays the node's NICs). What needs the 8021q or bonding driver is tried and, where
 * the kernel refuses the link kind, skipped with the kernel's answer; the guards that need only
 * veth and bridge links (an existing non-bond link, a foreign master) always run live.
 */
class IfacerLiveTest {
    private static final Pattern ERRNO = Pattern.compile(": ([^:;]+ \\(errno \\d+\\))");

    private final List<String> warnings = new ArrayList<>();

    private record Outcome(int status, String stdout) {
        String details() {
            return String.valueOf(JsonReader.parseObject(stdout).get("details"));
        }
    }

    private Outcome add(NetnsFixture host, String fields) throws Exception {
        IfacerPlugin plugin = new IfacerPlugin(NetlinkHostLinks::open, warnings::add);
        String conf = "{\"cniVersion\":\"1.0.0\",\"name\":\"ifacer-live\",\"type\":\"ifacer\"," + fields + "}";
        CniPlugin.Reply reply = Netns.run(host.path(), () -> plugin.handle(Invocations.env("ADD", "net1"),
                new ByteArrayInputStream(conf.getBytes(StandardCharsets.UTF_8))));
        return new Outcome(reply.exitStatus(), reply.json());
    }

    /** Skips the rest of a test whose link kind this kernel refuses, printing the kernel's answer. */
    private static void skipWhenTheKernelLacksTheDriver(Outcome o) {
        if (o.status() != 0 && o.stdout().contains("(errno 95)")) {
            Matcher m = ERRNO.matcher(o.details());
            String reason = "this kernel has no 8021q/bonding support: " + (m.find() ? m.group(1) : o.details());
            System.out.println("skipping the live part of " + StackWalker.getInstance().walk(s -> s.skip(1).findFirst()
                    .map(StackWalker.StackFrame::getMethodName).orElse("?")) + ": " + reason);
            Assumptions.abort(reason);
        }
    }

    private static NetnsFixture hostWithTwoNics(String tag) throws Exception {
        NetnsFixture host = NetnsFixture.create(tag);
        host.ip("link", "add", "nic1", "type", "veth", "peer", "name", "nic2");
        return host;
    }

    @Test
    void N00001_N00005_live_setsTheDownMasterUpAndCreatesTheVlan() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture host = hostWithTwoNics("ifx1")) {
            Outcome o = add(host, "\"interfaces\":[\"nic1\"],\"vlanID\":50");

            // N00005's first half needs no driver: the master is set up before the vlan is created
            assertThat(host.ip("-o", "link", "show", "nic1")).contains(",UP");
            skipWhenTheKernelLacksTheDriver(o);
            assertThat(o).as(o.stdout()).isEqualTo(new Outcome(0, "{\"cniVersion\":\"1.0.0\",\"dns\":{}}"));
            assertThat(host.ip("-d", "-o", "link", "show", "nic1.50")).contains("vlan protocol 802.1Q id 50").contains(",UP");

            // N00002 / N00003: reused, and set up again after being set down
            host.ip("link", "set", "nic1.50", "down");
            assertThat(add(host, "\"interfaces\":[\"nic1\"],\"vlanID\":50").status()).isZero();
            assertThat(host.ip("-o", "link", "show", "nic1.50")).contains(",UP");
        }
    }

    @Test
    void N00006_live_buildsTheBondWithItsSlavesAndTheVlanOnIt() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture host = hostWithTwoNics("ifx2")) {
            Outcome o = add(host, "\"interfaces\":[\"nic1\",\"nic2\"],\"vlanID\":60,"
                    + "\"bond\":{\"name\":\"bond0\",\"mode\":1,\"options\":\"miimon=100;primary=nic2\"}");

            skipWhenTheKernelLacksTheDriver(o);
            assertThat(o.status()).as(o.stdout()).isZero();
            assertThat(host.ip("-d", "-o", "link", "show", "bond0")).contains("bond mode active-backup").contains("miimon 100")
                    .contains("primary nic2");
            assertThat(host.ip("-o", "link", "show", "nic2")).contains("master bond0");
            assertThat(host.ip("-d", "-o", "link", "show", "bond0.60")).contains("id 60");
        }
    }

    @Test
    void live_aBridgeWithTheBondsNameIsRefusedAndNothingChanges() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture host = hostWithTwoNics("ifx3")) {
            host.ip("link", "add", "sp_bond0", "type", "bridge");

            Outcome o = add(host, "\"interfaces\":[\"nic1\",\"nic2\"],\"bond\":{}");

            assertThat(o.status()).isEqualTo(1);
            assertThat(o.stdout()).contains("\"code\":120")
                    .contains("a link named sp_bond0 exists on this host but is a bridge link, not a bond");
            assertThat(host.ip("-o", "link", "show", "nic1")).doesNotContain(",UP").doesNotContain("master");
        }
    }

    @Test
    void live_anInterfaceEnslavedToABridgeIsRefused() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture host = hostWithTwoNics("ifx4")) {
            host.ip("link", "add", "br0", "type", "bridge");
            host.ip("link", "set", "nic2", "master", "br0");

            Outcome o = add(host, "\"interfaces\":[\"nic1\",\"nic2\"],\"bond\":{\"name\":\"bond1\"}");

            assertThat(o.stdout()).contains("\"code\":120")
                    .contains("nic2 (\\\"interfaces[1]\\\") is already enslaved to br0, so it cannot join bond bond1");
        }
    }

    @Test
    void live_theHostLinksViewResolvesMastersByName() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture host = hostWithTwoNics("ifx5")) {
            host.ip("link", "add", "br0", "type", "bridge");
            host.ip("link", "set", "nic2", "master", "br0");
            host.ip("link", "set", "br0", "up");

            List<HostLink> links = Netns.run(host.path(), () -> {
                try (HostLinks h = NetlinkHostLinks.open()) {
                    return h.list();
                }
            });

            assertThat(links).contains(new HostLink("nic1", "veth", false, 0, "", ""),
                    new HostLink("nic2", "veth", false, 0, "", "br0"));
            assertThat(links).filteredOn(l -> l.name().equals("br0")).singleElement()
                    .satisfies(l -> assertThat(Map.of("kind", l.kind(), "up", l.up())).containsEntry("kind", "bridge")
                            .containsEntry("up", true));
        }
    }
}
