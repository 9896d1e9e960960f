package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.cni.JsonReader;
import io.spidernet.spiderpool.core.cni.SpiderpoolErrorKind;
import io.spidernet.spiderpool.core.ifacer.HostLink;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole ifacer plugin against the in-memory host links. Upstream's e2e cases N00001–N00006 run
 * on a kind cluster with real VLAN links; here each becomes the same situation in the fake, and
 * the assertions are on the links' state and the calls made (IfacerLiveTest tries the kernel).
 */
class IfacerPluginTest {
    static final HostLink ETH0_UP = HostLink.device("eth0", true);

    private final List<String> warnings = new ArrayList<>();

    record Outcome(int status, String stdout) {
        Map<String, Object> json() {
            return JsonReader.parseObject(stdout);
        }

        /** msg and details of a CNI error with {@code code}. */
        String error(int code) {
            assertThat(status).as(stdout).isEqualTo(1);
            assertThat(json().get("code")).as(stdout).isEqualTo((long) code);
            return json().get("msg") + " / " + json().getOrDefault("details", "");
        }
    }

    static String conf(String version, String fields) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"macvlan-vlan\",\"type\":\"ifacer\"," + fields + "}";
    }

    Outcome run(HostLinks.Opener links, String command, String stdin) {
        IfacerPlugin plugin = new IfacerPlugin(links, warnings::add);
        CniPlugin.Reply reply = plugin.handle(Invocations.env(command, "net1"),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return new Outcome(reply.exitStatus(), reply.json());
    }

    Outcome add(FakeHostLinks host, String fields) {
        return run(host.opener(), "ADD", conf("0.3.1", fields));
    }

    static HostLink vlan(String name, int id, String parent, boolean up) {
        return new HostLink(name, "vlan", up, id, parent, "");
    }

    @Test
    void N00001_createsTheVlanInterfaceAndSetsItUp() {
        FakeHostLinks host = new FakeHostLinks().with(ETH0_UP);

        Outcome o = add(host, "\"interfaces\":[\"eth0\"],\"vlanID\":50");

        assertThat(o).isEqualTo(new Outcome(0, "{\"cniVersion\":\"0.3.1\",\"dns\":{}}"));
        assertThat(host.get("eth0.50")).isEqualTo(vlan("eth0.50", 50, "eth0", true));
        assertThat(host.calls).containsExactly("create vlan eth0.50 on eth0 id 50", "up eth0.50");
        assertThat(host.closed).isEqualTo(host.opened).isEqualTo(1);
    }

    @Test
    void N00002_anExistingVlanInterfaceIsNotCreatedAgain() {
        FakeHostLinks host = new FakeHostLinks().with(ETH0_UP, vlan("eth0.50", 50, "eth0", true));

        Outcome o = add(host, "\"interfaces\":[\"eth0\"],\"vlanID\":50");

        assertThat(o.status()).isZero();
        assertThat(host.calls).isEmpty();
    }

    @Test
    void N00003_anExistingVlanInterfaceThatIsDownIsSetUp() {
        FakeHostLinks host = new FakeHostLinks().with(ETH0_UP, vlan("eth0.50", 50, "eth0", false));

        Outcome o = add(host, "\"interfaces\":[\"eth0\"],\"vlanID\":50");

        assertThat(o.status()).isZero();
        assertThat(host.calls).containsExactly("up eth0.50");
        assertThat(host.get("eth0.50").up()).isTrue();
    }

    @Test
    void N00004_anotherVlanInterfaceWithTheSameIdIsAnErrorAndNothingChanges() {
        FakeHostLinks host = new FakeHostLinks().with(ETH0_UP, HostLink.device("eth5", false), vlan("eth0.50", 50, "eth0", true));

        Outcome o = add(host, "\"interfaces\":[\"eth5\"],\"vlanID\":50");

        assertThat(o.error(120)).contains("the host's links do not fit the ifacer configuration / VLAN ID 50 is already"
                + " used on this host by eth0.50 (on eth0), and ifacer would create eth5.50 with the same ID");
        assertThat(host.calls).isEmpty();
        assertThat(host.get("eth5").up()).as("the master is not even set up").isFalse();
    }

    @Test
    void N00005_aMasterThatIsDownIsSetUpBeforeTheVlanIsCreated() {
        FakeHostLinks host = new FakeHostLinks().with(HostLink.device("eth5", false));

        Outcome o = add(host, "\"interfaces\":[\"eth5\"],\"vlanID\":50");

        assertThat(o.status()).isZero();
        assertThat(host.calls).containsExactly("up eth5", "create vlan eth5.50 on eth5 id 50", "up eth5.50");
        assertThat(host.get("eth5").up()).isTrue();
    }

    @Test
    void N00006_linksLostWithARebootAreRecreatedByTheNextAdd() {
        FakeHostLinks host = new FakeHostLinks().with(HostLink.device("eth1", true), HostLink.device("eth2", true));
        String fields = "\"interfaces\":[\"eth1\",\"eth2\"],\"vlanID\":50,\"bond\":{\"name\":\"bond0\",\"mode\":1}";
        assertThat(add(host, fields).status()).isZero();

        // the reboot: ifacer's links are gone, the NICs come back un-enslaved
        host.remove("bond0.50");
        host.remove("bond0");
        host.with(HostLink.device("eth1", true), HostLink.device("eth2", false));
        host.calls.clear();
        Outcome again = add(host, fields);

        assertThat(again.status()).isZero();
        assertThat(host.calls).containsExactly("create bond bond0 mode 1 {}",
                "down eth1", "master eth1 bond0", "up eth1", "down eth2", "master eth2 bond0", "up eth2",
                "up bond0", "create vlan bond0.50 on bond0 id 50", "up bond0.50");
        assertThat(host.get("bond0.50")).isEqualTo(vlan("bond0.50", 50, "bond0", true));
        assertThat(host.get("eth2").master()).isEqualTo("bond0");
    }

    @Test
    void createsABondWithItsOptionsAndWarnsAboutTheIgnoredOnes() {
        FakeHostLinks host = new FakeHostLinks().with(HostLink.device("eth1", true), HostLink.device("eth2", true));

        Outcome o = add(host, "\"interfaces\":[\"eth1\",\"eth2\"],\"bond\":{\"mode\":4,"
                + "\"options\":\"miimon=100;up_delay=200;lacp_rate=1;mimon=5\"}");

        assertThat(o.status()).isZero();
        assertThat(host.get("sp_bond0")).isEqualTo(new HostLink("sp_bond0", "bond", true, 0, "", ""));
        assertThat(new ArrayList<>(host.bondOptions("sp_bond0").entrySet())).containsExactly(
                Map.entry("miimon", "100"), Map.entry("updelay", "200"), Map.entry("lacp_rate", "1"));
        assertThat(warnings).singleElement().asString().startsWith("ignored bond options 'mimon=5' (not a bond option ifacer knows)");
    }

    @Test
    void aNonBondLinkWithTheBondsNameIsAnError() {
        FakeHostLinks host = new FakeHostLinks().with(HostLink.device("eth1", true), HostLink.device("eth2", true),
                new HostLink("sp_bond0", "bridge", true, 0, "", ""));

        Outcome o = add(host, "\"interfaces\":[\"eth1\",\"eth2\"],\"bond\":{}");

        assertThat(o.error(120)).contains("a link named sp_bond0 exists on this host but is a bridge link, not a bond");
        assertThat(host.calls).isEmpty();
    }

    @Test
    void aKernelWithoutVlanSupportGetsAnErrorNamingTheLinkTheErrnoAndTheModule() {
        FakeHostLinks host = new FakeHostLinks().with(ETH0_UP).failNext("create", HostLinkFailures.EOPNOTSUPP);

        Outcome o = add(host, "\"interfaces\":[\"eth0\"],\"vlanID\":50");

        assertThat(o.error(121)).isEqualTo("changing a host link failed / ifacer could not create vlan eth0.50 (id 50) on"
                + " eth0: create eth0.50: Operation not supported (errno 95); this kernel has no 802.1Q VLAN support:"
                + " load it with `modprobe 8021q` (CONFIG_VLAN_8021Q); " + SpiderpoolErrorKind.HOST_LINK_FAILED.remedy());
    }

    @Test
    void aRefusedEnslavingNamesTheSlaveAndTheBond() {
        FakeHostLinks host = new FakeHostLinks().with(HostLink.device("eth1", true), HostLink.device("eth2", true))
                .failNext("create", HostLinkFailures.EOPNOTSUPP);
        assertThat(add(host, "\"interfaces\":[\"eth1\",\"eth2\"],\"bond\":{}").error(121))
                .contains("ifacer could not create bond sp_bond0 (mode 0)").contains("`modprobe bonding`");

        host.failNext("master", HostLinkFailures.EPERM);
        assertThat(add(host, "\"interfaces\":[\"eth1\",\"eth2\"],\"bond\":{}").error(121))
                .contains("ifacer could not enslave eth1 to sp_bond0: master eth1: Operation not permitted (errno 1);"
                        + " ifacer needs CAP_NET_ADMIN");
    }

    @Test
    void aCreateThatLosesARaceReusesTheWinnersLink() {
        FakeHostLinks host = new FakeHostLinks().with(ETH0_UP);
        host.beforeNextCreate(() -> host.with(vlan("eth0.50", 50, "eth0", false)));

        Outcome o = add(host, "\"interfaces\":[\"eth0\"],\"vlanID\":50");

        assertThat(o.status()).as(o.stdout()).isZero();
        assertThat(host.calls).containsExactly("create vlan eth0.50 on eth0 id 50", "up eth0.50");
        assertThat(host.get("eth0.50").up()).isTrue();
    }

    @Test
    @Timeout(10)
    void aSecondEexistIsAnError() {
        FakeHostLinks host = new FakeHostLinks().with(ETH0_UP)
                .failNext("create", HostLinkFailures.EEXIST).failNext("create", HostLinkFailures.EEXIST);

        Outcome o = add(host, "\"interfaces\":[\"eth0\"],\"vlanID\":50");

        assertThat(o.error(121)).contains("ifacer could not create vlan eth0.50 (id 50) on eth0: create eth0.50: File exists"
                + " (errno 17); another link of that name appeared while ifacer ran, twice in a row");
        assertThat(host.calls).containsExactly("create vlan eth0.50 on eth0 id 50", "create vlan eth0.50 on eth0 id 50");
    }

    @Test
    void passesPrevResultThroughInTheRequestedVersion() {
        FakeHostLinks host = new FakeHostLinks().with(ETH0_UP);

        Outcome o = run(host.opener(), "ADD", conf("1.0.0", "\"interfaces\":[\"eth0\"],"
                + "\"prevResult\":{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"192.0.2.10/24\"}],\"dns\":{}}"));

        assertThat(o).isEqualTo(new Outcome(0, "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"192.0.2.10/24\"}],\"dns\":{}}"));
        assertThat(host.calls).isEmpty();
    }

    @Test
    void aBadConfigIsRefusedBeforeTheLinksAreOpened() {
        FakeHostLinks host = new FakeHostLinks().with(ETH0_UP);

        assertThat(add(host, "\"interfaces\":[\"eth0\"],\"vlanID\":4095").error(7)).contains("\"vlanID\" is 4095 but must be from 0 to 4094");
        assertThat(host.opened).isZero();
    }

    @Test
    void delAndCheckDoNothing() {
        HostLinks.Opener never = () -> {
            throw new AssertionError("DEL and CHECK must not touch links");
        };
        String conf = conf("1.0.0", "\"interfaces\":[\"eth0\"],\"vlanID\":50");

        assertThat(run(never, "DEL", conf)).isEqualTo(new Outcome(0, ""));
        assertThat(run(never, "CHECK", conf)).isEqualTo(new Outcome(0, ""));
    }

    @Test
    void versionListsTheSupportedVersions() {
        Outcome o = run(new FakeHostLinks().opener(), "VERSION", "{\"cniVersion\":\"0.4.0\"}");

        assertThat(o.status()).isZero();
        assertThat(o.json()).containsEntry("cniVersion", "0.4.0").containsEntry("supportedVersions", List.copyOf(CniVersion.supported()));
    }

    @Test
    void statusAndGcAreNotDefinedBeforeCni11() {
        String conf = conf("1.0.0", "\"interfaces\":[\"eth0\"]");

        assertThat(run(new FakeHostLinks().opener(), "STATUS", conf).error(1)).contains("does not define CNI_COMMAND=STATUS");
        assertThat(run(new FakeHostLinks().opener(), "GC", conf).error(1)).contains("does not define CNI_COMMAND=GC");
    }

    @Test
    void statusAndGcSucceedWithCni11() {
        Assumptions.assumeTrue(CniVersion.find("1.1.0") != null, "core's CniVersion does not know 1.1.0 yet (branch cni11)");
        FakeHostLinks host = new FakeHostLinks();
        String conf = conf("1.1.0", "\"interfaces\":[\"eth0\"]");

        assertThat(run(host.opener(), "STATUS", conf)).isEqualTo(new Outcome(0, ""));
        assertThat(run(host.opener(), "GC", conf)).isEqualTo(new Outcome(0, ""));
        assertThat(host.opened).isZero();
    }
}
