package io.spidernet.spiderpool.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.coordinator.ModeResolver.Resolved;
import io.spidernet.spiderpool.core.coordinator.PodFacts.LinkFact;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModeResolverTest {
    static final CoordinatorMode AUTO = CoordinatorMode.AUTO;
    static final CoordinatorMode UNDERLAY = CoordinatorMode.UNDERLAY;
    static final CoordinatorMode OVERLAY = CoordinatorMode.OVERLAY;
    static final CoordinatorMode DISABLED = CoordinatorMode.DISABLED;

    /** Configured mode, ifName, veth0 present, link count → mode, first invoke, table. */
    static Stream<Arguments> resolutions() {
        return Stream.of(
                Arguments.of("underlay first NIC", UNDERLAY, "eth0", false, 1, UNDERLAY, true, 101),
                Arguments.of("underlay first NIC on retry (veth0 already there)", UNDERLAY, "eth0", true, 2, UNDERLAY, true, 101),
                Arguments.of("underlay net1 after veth0, eth0", UNDERLAY, "net1", true, 3, UNDERLAY, false, 101),
                Arguments.of("underlay net2 after veth0, eth0, net1", UNDERLAY, "net2", true, 4, UNDERLAY, false, 102),
                Arguments.of("overlay net1 beside eth0", OVERLAY, "net1", false, 2, OVERLAY, true, 101),
                Arguments.of("overlay net2 beside eth0, net1", OVERLAY, "net2", false, 3, OVERLAY, false, 102),
                Arguments.of("overlay net3 beside eth0, net1, net2", OVERLAY, "net3", false, 4, OVERLAY, false, 103),
                Arguments.of("auto first NIC is underlay", AUTO, "eth0", false, 1, UNDERLAY, true, 101),
                Arguments.of("auto later NIC with veth0 is underlay", AUTO, "net1", true, 3, UNDERLAY, false, 101),
                Arguments.of("auto later NIC without veth0 is overlay", AUTO, "net1", false, 2, OVERLAY, true, 101),
                Arguments.of("auto third NIC without veth0 is overlay", AUTO, "net2", false, 3, OVERLAY, false, 102),
                Arguments.of("disabled", DISABLED, "eth0", false, 1, DISABLED, false, 0),
                Arguments.of("disabled on a later NIC", DISABLED, "net1", true, 3, DISABLED, false, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resolutions")
    void resolvesModeFirstInvokeAndTable(String name, CoordinatorMode configured, String ifName, boolean veth0,
            int links, CoordinatorMode mode, boolean first, int table) {
        assertThat(ModeResolver.resolve(configured, ifName, "eth0", veth0, links))
                .isEqualTo(new Resolved(mode, first, table));
    }

    @Test
    void resolvesAgainstACustomFirstNic() {
        assertThat(ModeResolver.resolve(AUTO, "ens1", "ens1", false, 1)).isEqualTo(new Resolved(UNDERLAY, true, 101));
        assertThat(ModeResolver.resolve(AUTO, "eth0", "ens1", false, 2)).isEqualTo(new Resolved(OVERLAY, true, 101));
    }

    @Test
    void refusesUnderlayOnALaterNicWhenTheFirstWasNotCoordinated() {
        assertThatThrownBy(() -> ModeResolver.resolve(UNDERLAY, "net1", "eth0", false, 2))
                .isInstanceOfSatisfying(CniError.class, e -> {
                    assertThat(e.code()).isEqualTo(7);
                    assertThat(e.msg()).contains("\"net1\"").contains("no veth0").contains("\"eth0\"");
                    assertThat(e.details()).contains("chain the coordinator after the CNI of \"eth0\"");
                });
    }

    @Test
    void refusesOverlayOnTheFirstNicOrBesideAnUnderlayVeth() {
        assertThatThrownBy(() -> ModeResolver.resolve(OVERLAY, "eth0", "eth0", false, 1))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.msg()).contains("\"eth0\"")
                        .contains("the pod's first interface"));
        assertThatThrownBy(() -> ModeResolver.resolve(OVERLAY, "net1", "eth0", true, 3))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.msg()).contains("\"net1\"")
                        .contains("finds veth0"));
    }

    @Test
    void countsUpBroadcastLinksWithTheNewNicAsUpAndLoNever() {
        PodFacts facts = facts(List.of(
                new LinkFact(1, "lo", true, false, "", "00:00:00:00:00:00", 0),
                new LinkFact(2, "tunl0", false, false, "ipip", "", 0),
                new LinkFact(3, "eth0", true, true, "veth", "0a:00:00:00:00:01", 9),
                new LinkFact(4, "net1", false, true, "macvlan", "0a:00:00:00:00:02", 0),
                new LinkFact(5, "net2", false, true, "macvlan", "0a:00:00:00:00:03", 0)));

        assertThat(ModeResolver.linkCount(facts, "net1")).isEqualTo(2);
        assertThat(ModeResolver.veth0Exists(facts)).isFalse();
    }

    @Test
    void anUnknownModeNeverReachesTheResolver() {
        assertThatThrownBy(() -> CoordinatorSettingsTest.merge("\"mode\": \"l2\"", CoordinatorDefaults.builtIn()))
                .isInstanceOfSatisfying(CniError.class, e -> {
                    assertThat(e.msg()).isEqualTo("\"mode\" in the network configuration is \"l2\", which is not a"
                            + " coordinator mode");
                    assertThat(e.details()).startsWith("write one of auto, underlay, overlay or disabled");
                });
    }

    @Test
    void bothSpellingsOfDisabledResolveToDisabled() {
        for (String spelling : List.of("disable", "disabled")) {
            CoordinatorSettings s = CoordinatorSettingsTest.merge("\"mode\": \"" + spelling + "\"",
                    CoordinatorDefaults.builtIn());
            assertThat(ModeResolver.resolve(s.mode(), "net1", "eth0", false, 2))
                    .isEqualTo(new Resolved(DISABLED, false, 0));
        }
    }

    static PodFacts facts(List<LinkFact> podLinks) {
        return new PodFacts(podLinks, Map.of(), List.of(), List.of(), Map.of(), Map.of(), null);
    }
}
