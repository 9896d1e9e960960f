package io.spidernet.spiderpool.core.ifacer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.SpiderpoolErrorKind;
import io.spidernet.spiderpool.core.ifacer.IfacerStep.CreateBond;
import io.spidernet.spiderpool.core.ifacer.IfacerStep.CreateVlan;
import io.spidernet.spiderpool.core.ifacer.IfacerStep.Reuse;
import io.spidernet.spiderpool.core.ifacer.IfacerStep.SetDown;
import io.spidernet.spiderpool.core.ifacer.IfacerStep.SetMaster;
import io.spidernet.spiderpool.core.ifacer.IfacerStep.SetUp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IfacerPlanTest {
    private static final HostLink ETH0_UP = HostLink.device("eth0", true);
    private static final HostLink ETH1_UP = HostLink.device("eth1", true);
    private static final HostLink ETH2_DOWN = HostLink.device("eth2", false);

    private static IfacerPlan decide(String fields, HostLink... links) {
        return IfacerPlan.decide(IfacerNetConfTest.parse(fields), List.of(links));
    }

    private static HostLink vlan(String name, int id, String parent, boolean up) {
        return new HostLink(name, "vlan", up, id, parent, "");
    }

    private static HostLink bond(String name, boolean up) {
        return new HostLink(name, "bond", up, 0, "", "");
    }

    private static HostLink slave(String name, String master) {
        return new HostLink(name, "", true, 0, "", master);
    }

    @Test
    void oneInterfaceWithoutVlanNeedsNothing() {
        assertThat(decide("\"interfaces\": [\"eth0\"]", ETH0_UP)).isEqualTo(IfacerPlan.NOTHING);
        // not even the interface must exist: the main plugin reports a missing master itself
        assertThat(decide("\"interfaces\": [\"eth0\"]")).isEqualTo(IfacerPlan.NOTHING);
    }

    @Test
    void createsTheVlanOnAnUpParentAndSetsItUp() {
        assertThat(decide("\"interfaces\": [\"eth0\"], \"vlanID\": 100", ETH0_UP).steps())
                .containsExactly(new CreateVlan("eth0.100", "eth0", 100), new SetUp("eth0.100"));
    }

    @Test
    void setsADownParentUpFirst() {
        assertThat(decide("\"interfaces\": [\"eth2\"], \"vlanID\": 7", ETH2_DOWN).steps())
                .containsExactly(new SetUp("eth2"), new CreateVlan("eth2.7", "eth2", 7), new SetUp("eth2.7"));
    }

    @Test
    void reusesAnExistingVlanAndSetsItUpWhenDown() {
        assertThat(decide("\"interfaces\": [\"eth0\"], \"vlanID\": 100", ETH0_UP, vlan("eth0.100", 100, "eth0", true)).steps())
                .containsExactly(new Reuse("eth0.100", "vlan"));
        assertThat(decide("\"interfaces\": [\"eth0\"], \"vlanID\": 100", ETH0_UP, vlan("eth0.100", 100, "eth0", false)).steps())
                .containsExactly(new Reuse("eth0.100", "vlan"), new SetUp("eth0.100"));
    }

    @Test
    void refusesAnotherVlanLinkWithTheSameIdNamingBoth() {
        assertThatThrownBy(() -> decide("\"interfaces\": [\"eth0\"], \"vlanID\": 100", ETH0_UP, ETH1_UP,
                vlan("eth1.100", 100, "eth1", true)))
                .isInstanceOfSatisfying(CniError.Spiderpool.class,
                        e -> assertThat(e.kind()).isEqualTo(SpiderpoolErrorKind.HOST_LINK_MISMATCH))
                .hasMessageContaining("VLAN ID 100 is already used on this host by eth1.100 (on eth1), and ifacer would"
                        + " create eth0.100 with the same ID");
    }

    @Test
    void otherVlanIdsAndNonVlanLinksDoNotTripTheGuard() {
        HostLink otherId = vlan("eth1.101", 101, "eth1", true);
        HostLink macvlan = new HostLink("mac100", "macvlan", true, 0, "eth0", "");
        assertThat(decide("\"interfaces\": [\"eth0\"], \"vlanID\": 100", ETH0_UP, ETH1_UP, otherId, macvlan).steps())
                .containsExactly(new CreateVlan("eth0.100", "eth0", 100), new SetUp("eth0.100"));
    }

    @Test
    void refusesALinkWithTheVlansNameThatIsNoSuchVlan() {
        assertThatThrownBy(() -> decide("\"interfaces\": [\"eth0\"], \"vlanID\": 100", ETH0_UP,
                new HostLink("eth0.100", "bridge", true, 0, "", "")))
                .hasMessageContaining("a link named eth0.100 exists on this host but is a bridge link, not a vlan");
        assertThatThrownBy(() -> decide("\"interfaces\": [\"eth0\"], \"vlanID\": 100", ETH0_UP, ETH1_UP,
                vlan("eth0.100", 100, "eth1", true)))
                .hasMessageContaining("the vlan link eth0.100 exists on this host but is vlan 100 on eth1, not vlan 100 on eth0");
    }

    @Test
    void refusesAMissingInterface() {
        assertThatThrownBy(() -> decide("\"interfaces\": [\"eth9\"], \"vlanID\": 100", ETH0_UP))
                .hasMessageContaining("\"interfaces[0]\" eth9 does not exist on this host");
    }

    @Test
    void severalInterfacesWithoutBondNeedNothing() {
        assertThat(decide("\"interfaces\": [\"eth1\", \"eth2\"], \"vlanID\": 10", ETH1_UP, ETH2_DOWN)).isEqualTo(IfacerPlan.NOTHING);
    }

    @Test
    void createsTheBondEnslavesEachInterfaceAndSetsTheBondUp() {
        IfacerPlan plan = decide("\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {\"name\": \"bond0\", \"mode\": 4,"
                + " \"options\": \"miimon=100;up_delay=200;bogus=1\"}", ETH1_UP, ETH2_DOWN);

        assertThat(plan.steps()).containsExactly(
                new CreateBond("bond0", 4, Map.of("miimon", "100", "updelay", "200")),
                new SetDown("eth1"), new SetMaster("eth1", "bond0"), new SetUp("eth1"),
                new SetDown("eth2"), new SetMaster("eth2", "bond0"), new SetUp("eth2"),
                new SetUp("bond0"));
    }

    @Test
    void putsTheVlanOnTheBond() {
        IfacerPlan plan = decide("\"interfaces\": [\"eth1\", \"eth2\"], \"vlanID\": 200, \"bond\": {}", ETH1_UP, ETH2_DOWN);

        assertThat(plan.steps()).startsWith(new CreateBond("sp_bond0", 0, Map.of()))
                .endsWith(new SetUp("sp_bond0"), new CreateVlan("sp_bond0.200", "sp_bond0", 200), new SetUp("sp_bond0.200"));
    }

    @Test
    void reusesAnUpBondWithItsSlavesAsItIs() {
        IfacerPlan plan = decide("\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {\"name\": \"bond0\"}",
                slave("eth1", "bond0"), slave("eth2", "bond0"), bond("bond0", true));

        assertThat(plan.steps()).containsExactly(new Reuse("bond0", "bond"));
    }

    @Test
    void aReusedBondGetsTheMissingSlaveAndIsSetUp() {
        IfacerPlan plan = decide("\"interfaces\": [\"eth1\", \"eth2\"], \"vlanID\": 30, \"bond\": {\"name\": \"bond0\"}",
                slave("eth1", "bond0"), ETH2_DOWN, bond("bond0", false), vlan("bond0.30", 30, "bond0", true));

        assertThat(plan.steps()).containsExactly(new Reuse("bond0", "bond"),
                new SetDown("eth2"), new SetMaster("eth2", "bond0"), new SetUp("eth2"),
                new SetUp("bond0"), new Reuse("bond0.30", "vlan"));
    }

    @Test
    void refusesANonBondLinkWithTheBondsName() {
        assertThatThrownBy(() -> decide("\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {}", ETH1_UP, ETH2_DOWN,
                new HostLink("sp_bond0", "bridge", true, 0, "", "")))
                .isInstanceOfSatisfying(CniError.Spiderpool.class,
                        e -> assertThat(e.kind()).isEqualTo(SpiderpoolErrorKind.HOST_LINK_MISMATCH))
                .hasMessageContaining("a link named sp_bond0 exists on this host but is a bridge link, not a bond;"
                        + " set \"bond.name\" to another name or remove that link");
        assertThatThrownBy(() -> decide("\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {}", ETH1_UP, ETH2_DOWN,
                HostLink.device("sp_bond0", true)))
                .hasMessageContaining("exists on this host but is a plain device, not a bond");
    }

    @Test
    void refusesAnInterfaceEnslavedElsewhere() {
        assertThatThrownBy(() -> decide("\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {}", ETH1_UP, slave("eth2", "br0")))
                .hasMessageContaining("eth2 (\"interfaces[1]\") is already enslaved to br0, so it cannot join bond sp_bond0");
    }

    @Test
    void checksTheVlanIdBeforeTouchingTheBond() {
        assertThatThrownBy(() -> decide("\"interfaces\": [\"eth1\", \"eth2\"], \"vlanID\": 100, \"bond\": {}",
                ETH1_UP, ETH2_DOWN, ETH0_UP, vlan("eth0.100", 100, "eth0", true)))
                .hasMessageContaining("VLAN ID 100 is already used on this host by eth0.100 (on eth0), and ifacer would create"
                        + " sp_bond0.100");
    }

    @Test
    void refusesAMissingSlave() {
        assertThatThrownBy(() -> decide("\"interfaces\": [\"eth1\", \"eth2\"], \"bond\": {}", ETH1_UP))
                .hasMessageContaining("\"interfaces[1]\" eth2 does not exist on this host");
    }

    @Test
    void everyStepSaysWhatItDoes() {
        assertThat(List.of(new CreateVlan("eth0.100", "eth0", 100), new CreateBond("b", 1, Map.of("miimon", "100")),
                new SetMaster("eth1", "b"), new SetDown("eth1"), new SetUp("eth1"), new Reuse("b", "bond"))
                .stream().map(IfacerStep::describe))
                .containsExactly("create vlan eth0.100 (id 100) on eth0", "create bond b (mode 1, options {miimon=100})",
                        "enslave eth1 to b", "set eth1 down", "set eth1 up", "reuse the existing bond b");
    }
}
