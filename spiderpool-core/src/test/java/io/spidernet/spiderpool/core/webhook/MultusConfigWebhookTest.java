package io.spidernet.spiderpool.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.multus.BondConfig;
import io.spidernet.spiderpool.core.model.multus.CniType;
import io.spidernet.spiderpool.core.model.multus.IbSriovConfig;
import io.spidernet.spiderpool.core.model.multus.IpoibConfig;
import io.spidernet.spiderpool.core.model.multus.LinkState;
import io.spidernet.spiderpool.core.model.multus.MasterLinkConfig;
import io.spidernet.spiderpool.core.model.multus.MultusConfigSpec;
import io.spidernet.spiderpool.core.model.multus.OvsConfig;
import io.spidernet.spiderpool.core.model.multus.OvsTrunk;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import io.spidernet.spiderpool.core.model.multus.SpiderpoolPools;
import io.spidernet.spiderpool.core.model.multus.SriovConfig;
import io.spidernet.spiderpool.core.model.multus.VlanConfig;
import io.spidernet.spiderpool.core.model.multus.VlanMode;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SpiderMultusConfig admission: upstream's defaults, then its rules as upstream's e2e cases
 * (test/e2e/spidermultus, ids M000xx) exercise them, each object mutated first as the API server does.
 */
class MultusConfigWebhookTest {
    private static final String NS = "team";
    private static final List<String> ETH0 = List.of("eth0");
    private static final SpiderpoolPools V4 = new SpiderpoolPools(null, List.of("v4-pool"), null);

    private final MultusConfigMutator mutator = new MultusConfigMutator();
    private final MultusConfigValidator validator = new MultusConfigValidator();

    // --- defaults -----------------------------------------------------------------------------------

    @Test
    void M00019_anEmptySpecBecomesACustomNetworkWithoutCoordinatorAndIsAdmitted() {
        SpiderMultusConfig sent = smc("empty", s -> { });
        sent.setSpec(null);

        SpiderMultusConfig m = mutator.mutate(sent).object();

        assertThat(m.getSpec().getCniType()).isEqualTo(CniType.CUSTOM);
        assertThat(m.getSpec().getCustomCNI()).isEmpty();
        assertThat(m.getSpec().getEnableCoordinator()).isFalse();
        assertThat(m.getSpec().getCoordinator()).isNull();
        assertThat(m.getSpec().getChainCNIJsonData()).isEmpty();
        assertThat(sent.getSpec()).as("the input is not touched").isNull();
        assertThat(validator.validateCreate(m, Optional.empty()).isAllowed()).isTrue();
    }

    @Test
    void customDropsACoordinatorBlockAndTurnsTheCoordinatorOff() {
        SpiderMultusConfig m = mutator.mutate(smc("c", s -> {
            s.setCniType(CniType.CUSTOM);
            s.setEnableCoordinator(true);
            s.setCoordinator(coordinator(c -> c.setPodMACPrefix("0a:1b")));
        })).object();

        assertThat(m.getSpec().getEnableCoordinator()).isFalse();
        assertThat(m.getSpec().getCoordinator()).isNull();
    }

    @Test
    void macvlanGetsUpstreamsBlockDefaultsAndTheCoordinatorOn() {
        SpiderMultusConfig m = mutator.mutate(smc("m", s -> {
            s.setCniType(CniType.MACVLAN);
            s.setMacvlan(new MasterLinkConfig(List.of("eth0", "eth1"), null, null, new BondConfig("bond0", 1, null), null, null));
        })).object();

        MasterLinkConfig mv = m.getSpec().getMacvlan();
        assertThat(mv.mtu()).isZero();
        assertThat(mv.vlanID()).isZero();
        assertThat(mv.rdmaResourceName()).isEmpty();
        assertThat(mv.bond().options()).isEmpty();
        assertThat(mv.ippools().ipv4()).isEmpty();
        assertThat(mv.ippools().ipv6()).isEmpty();
        assertThat(m.getSpec().getEnableCoordinator()).isTrue();
        assertThat(m.getSpec().getChainCNIJsonData()).isEmpty();
    }

    /** Research notes §12 items 2 and 3: unset coordinator fields stay unset, so the SpiderCoordinator's values apply. */
    @Test
    void theCoordinatorBlockIsLeftAsWrittenSoTheClusterSpiderCoordinatorStillApplies() {
        SpiderMultusConfig none = mutator.mutate(smc("a", s -> macvlan(s, null))).object();
        SpiderMultusConfig partial = mutator.mutate(smc("b", s -> {
            macvlan(s, null);
            s.setCoordinator(coordinator(c -> c.setPodMACPrefix("0a:1b")));
        })).object();

        assertThat(none.getSpec().getCoordinator()).as("upstream would fill mode auto and tunePodRoutes true").isNull();
        CoordinatorSpec c = partial.getSpec().getCoordinator();
        assertThat(c.getPodMACPrefix()).isEqualTo("0a:1b");
        assertThat(c.getMode()).as("upstream: auto").isNull();
        assertThat(c.getTunePodRoutes()).as("upstream: false, turning route tuning off").isNull();
        assertThat(c.getTxQueueLen()).isNull();
        assertThat(c.getPodRPFilter()).isNull();
    }

    @Test
    void vlanDefaultsToManualWithVlan0AndAutoGetsNoVlanId() {
        SpiderMultusConfig manual = mutator.mutate(smc("v", s -> {
            s.setCniType(CniType.VLAN);
            s.setVlan(new VlanConfig(ETH0, null, null, null, null, null, null));
        })).object();
        SpiderMultusConfig auto = mutator.mutate(smc("v", s -> {
            s.setCniType(CniType.VLAN);
            s.setVlan(new VlanConfig(ETH0, null, VlanMode.AUTO, null, null, null, null));
        })).object();

        assertThat(manual.getSpec().getVlan().vlanMode()).isEqualTo(VlanMode.MANUAL);
        assertThat(manual.getSpec().getVlan().vlanID()).isZero();
        assertThat(auto.getSpec().getVlan().vlanID()).isNull();
    }

    @Test
    void rdmaIsolationIsOffForSriovAndOnForInfiniband() {
        SpiderMultusConfig sriov = mutator.mutate(smc("s", s -> {
            s.setCniType(CniType.SRIOV);
            s.setSriov(new SriovConfig("r", null, null, null, null, null, null));
        })).object();
        SpiderMultusConfig ib = mutator.mutate(smc("i", s -> {
            s.setCniType(CniType.IB_SRIOV);
            s.setIbsriov(new IbSriovConfig("r", null, null, null, null, null));
        })).object();

        SriovConfig s = sriov.getSpec().getSriov();
        assertThat(s.rdmaIsolation()).isFalse();
        assertThat(List.of(s.vlanID(), s.mtu(), s.minTxRateMbps(), s.maxTxRateMbps())).containsOnly(0);
        assertThat(s.ippools().matchMasterSubnet()).isFalse();
        IbSriovConfig i = ib.getSpec().getIbsriov();
        assertThat(i.rdmaIsolation()).isTrue();
        assertThat(i.linkState()).isEqualTo(LinkState.ENABLE);
        assertThat(i.enableIbKubernetes()).isFalse();
        assertThat(i.pkey()).isEmpty();
    }

    @Test
    void theInjectAnnotationsAreCopiedToLabelsForThePodWebhook() {
        SpiderMultusConfig sent = smc("r", s -> macvlanRdma(s, V4));
        sent.getMetadata().setAnnotations(Map.of(SpiderpoolAnnotations.RDMA_RESOURCE_INJECT, "rail1",
                SpiderpoolAnnotations.NETWORK_RESOURCE_INJECT, "net1"));
        sent.getMetadata().setLabels(Map.of("team", "a"));

        ObjectMeta meta = mutator.mutate(sent).object().getMetadata();

        assertThat(meta.getLabels()).containsEntry(SpiderpoolAnnotations.RDMA_RESOURCE_INJECT, "rail1")
                .containsEntry(SpiderpoolAnnotations.NETWORK_RESOURCE_INJECT, "net1").containsEntry("team", "a");
    }

    // --- upstream's e2e cases ------------------------------------------------------------------------

    @Test
    void M00015_aBlockOtherThanTheCniTypesOwnIsRefused() {
        AdmissionResult r = admit(smc("x", s -> {
            s.setCniType(CniType.IPVLAN);
            s.setIpvlan(new MasterLinkConfig(ETH0, null, null, null, null, null));
            s.setMacvlan(new MasterLinkConfig(ETH0, null, null, null, null, null));
        }));
        AdmissionResult missing = admit(smc("y", s -> {
            s.setCniType(CniType.IPVLAN);
            s.setMacvlan(new MasterLinkConfig(ETH0, null, null, null, null, null));
        }));

        assertRefused(r, "spec.macvlan", "cniType ipvlan uses only spec.ipvlan");
        assertRefused(missing, "spec.ipvlan", "is required for cniType ipvlan");
    }

    @Test
    void M00016_aVlanIdOutside0To4094IsRefused() {
        for (int id : List.of(-1, 4095)) {
            assertRefused(admit(smc("v", s -> s.setMacvlan(new MasterLinkConfig(ETH0, null, id, null, null, null)), CniType.MACVLAN)),
                    "spec.macvlan.vlanID", "0 to 4094");
        }
        assertThat(admit(smc("v", s -> s.setMacvlan(new MasterLinkConfig(ETH0, null, 4094, null, null, null)), CniType.MACVLAN))
                .isAllowed()).isTrue();
    }

    @Test
    void M00001_M00002_M00003_macvlanIpvlanAndSriovNetworksAreAdmitted() {
        assertThat(admit(smc("m", s -> macvlan(s, null))).isAllowed()).isTrue();
        assertThat(admit(smc("i", s -> s.setIpvlan(new MasterLinkConfig(List.of("eth2"), null, null, null, null, null)),
                CniType.IPVLAN)).isAllowed()).isTrue();
        assertThat(admit(smc("s", s -> s.setSriov(new SriovConfig("sriov-test", null, null, null, null, null, null)),
                CniType.SRIOV)).isAllowed()).isTrue();
        assertRefused(admit(smc("s", s -> s.setSriov(new SriovConfig(null, null, null, null, null, null, null)), CniType.SRIOV)),
                "spec.sriov.resourceName", "is required");
    }

    @Test
    void M00004_M00005_customCniMustBeJson() {
        assertRefused(admit(smc("c", s -> s.setCustomCNI("{ \"invalid\" }"), CniType.CUSTOM)), "spec.customCNI", "is not valid JSON");
        // upstream's own case writes a JSON string literal, which is JSON
        assertThat(admit(smc("c", s -> s.setCustomCNI("\"{\\\"cniVersion\\\":\\\"0.3.1\\\"}\""), CniType.CUSTOM)).isAllowed()).isTrue();
        assertThat(admit(smc("c", s -> s.setCustomCNI("{\"cniVersion\":\"0.3.1\",\"name\":\"n\",\"plugins\":[{\"type\":\"macvlan\"}]}"),
                CniType.CUSTOM)).isAllowed()).isTrue();
    }

    @Test
    void M00006_M00009_severalMastersNeedABondWithANameAndAMode0To6() {
        List<String> two = List.of("eth0", "eth1");
        assertRefused(admit(smc("b", s -> s.setMacvlan(new MasterLinkConfig(two, null, 10, null, null, null)), CniType.MACVLAN)),
                "spec.macvlan.bond", "is required with 2 master interfaces");
        assertRefused(admit(smc("b", s -> s.setMacvlan(new MasterLinkConfig(two, null, 10, new BondConfig("", 0, null), null, null)),
                CniType.MACVLAN)), "spec.macvlan.bond.name", "is required");
        assertRefused(admit(smc("b", s -> s.setMacvlan(new MasterLinkConfig(two, null, 10, new BondConfig("bond0", 7, null), null,
                null)), CniType.MACVLAN)), "spec.macvlan.bond.mode", "0 (balance-rr) to 6");
        assertRefused(admit(smc("b", s -> s.setIpvlan(new MasterLinkConfig(List.of(), null, null, null, null, null)), CniType.IPVLAN)),
                "spec.ipvlan.master", "is required");
        assertThat(admit(smc("b", s -> s.setMacvlan(new MasterLinkConfig(two, null, 10, new BondConfig("ens1", 0, null), null, null)),
                CniType.MACVLAN)).isAllowed()).isTrue();
    }

    @Test
    void M00010_M00012_aValidCrNameAndCniVersionAreAdmitted() {
        assertThat(admit(annotated(Map.of(SpiderpoolAnnotations.MULTUS_CR_NAME, "test-custom-multus"))).isAllowed()).isTrue();
        assertThat(admit(annotated(Map.of(SpiderpoolAnnotations.MULTUS_CNI_VERSION, "0.4.0"))).isAllowed()).isTrue();
        assertThat(MultusConfigValidator.nadNameToLookUp(annotated(Map.of(SpiderpoolAnnotations.MULTUS_CR_NAME, "other")))).hasValue("other");
        assertThat(MultusConfigValidator.nadNameToLookUp(annotated(Map.of()))).hasValue("net");
    }

    @Test
    void M00013_anUnsupportedCniVersionIsRefused() {
        assertRefused(admit(annotated(Map.of(SpiderpoolAnnotations.MULTUS_CNI_VERSION, "x.y.z"))),
                "metadata.annotations[multus.spidernet.io/cni-version]", "'x.y.z' is not supported, use one of 0.3.0, 0.3.1");
    }

    @Test
    void M00020_aCrNameTooLongOrEmptyIsRefused() {
        String tooLong = "a".repeat(254);
        assertRefused(admit(annotated(Map.of(SpiderpoolAnnotations.MULTUS_CR_NAME, tooLong))),
                "metadata.annotations[multus.spidernet.io/cr-name]", "must be no more than 253 characters");
        assertRefused(admit(annotated(Map.of(SpiderpoolAnnotations.MULTUS_CR_NAME, ""))),
                "metadata.annotations[multus.spidernet.io/cr-name]", "a lowercase RFC 1123 subdomain must consist of");
        assertThat(MultusConfigValidator.nadNameToLookUp(annotated(Map.of(SpiderpoolAnnotations.MULTUS_CR_NAME, "")))).isEmpty();
    }

    @Test
    void M00025_aCrNameOutsideKubernetesNamingRulesIsRefused() {
        assertRefused(admit(annotated(Map.of(SpiderpoolAnnotations.MULTUS_CR_NAME, "custom-error-name************"))),
                "metadata.annotations[multus.spidernet.io/cr-name]", "must start and end with an alphanumeric character");
    }

    @Test
    void M00011_aNadManagedByAnotherSpiderMultusConfigIsNotTakenOver() {
        ObjectMeta othersNad = nad("shared", "smc-1");
        SpiderMultusConfig byCrName = annotated(Map.of(SpiderpoolAnnotations.MULTUS_CR_NAME, "shared"));
        SpiderMultusConfig byName = smc("shared", s -> macvlan(s, null));

        AdmissionResult a = validator.validateCreate(mutator.mutate(byCrName).object(), Optional.of(othersNad));
        AdmissionResult b = validator.validateCreate(mutator.mutate(byName).object(), Optional.of(othersNad));

        assertRefused(a, "metadata.annotations[multus.spidernet.io/cr-name]",
                "the net-attach-def team/shared already exists and is managed by SpiderMultusConfig team/smc-1.");
        assertRefused(b, "metadata.name", "already exists and is managed by SpiderMultusConfig team/smc-1.");
    }

    @Test
    void M00014_anUnmanagedNadOrOneThisConfigManagesIsAdmitted() {
        SpiderMultusConfig config = mutator.mutate(smc("already", s -> macvlan(s, null))).object();
        ObjectMeta unmanaged = new ObjectMetaBuilder().withName("already").withNamespace(NS).build();

        assertThat(validator.validateCreate(config, Optional.of(unmanaged)).isAllowed()).isTrue();
        assertThat(validator.validateUpdate(config, config, Optional.of(nad("already", "already"))).isAllowed()).isTrue();
    }

    @Test
    void theCrNameCannotBeAddedOrChangedButCanBeRemoved() {
        SpiderMultusConfig plain = mutator.mutate(annotated(Map.of())).object();
        SpiderMultusConfig named = mutator.mutate(annotated(Map.of(SpiderpoolAnnotations.MULTUS_CR_NAME, "a"))).object();
        SpiderMultusConfig renamed = mutator.mutate(annotated(Map.of(SpiderpoolAnnotations.MULTUS_CR_NAME, "b"))).object();

        assertRefused(validator.validateUpdate(named, renamed, Optional.empty()),
                "metadata.annotations[multus.spidernet.io/cr-name]", "cannot change from 'a' to 'b'");
        assertRefused(validator.validateUpdate(plain, named, Optional.empty()),
                "metadata.annotations[multus.spidernet.io/cr-name]", "cannot be added after creation");
        assertThat(validator.validateUpdate(named, plain, Optional.empty()).isAllowed()).isTrue();
        assertThat(validator.validateUpdate(named, named, Optional.empty()).isAllowed()).isTrue();
    }

    @Test
    void M00022_M00023_podRpFilterIsOptionalButMustBeAKernelMode() {
        assertThat(admit(smc("r", s -> {
            macvlan(s, null);
            s.setCoordinator(coordinator(c -> c.setPodRPFilter(null)));
        })).isAllowed()).isTrue();
        assertRefused(admit(smc("r", s -> {
            macvlan(s, null);
            s.setCoordinator(coordinator(c -> c.setPodRPFilter(4)));
        })), "spec.coordinator.podRPFilter", "'4' is not supported");
    }

    @Test
    void M00024_podMacPrefixMustBeUnicast() {
        assertThat(admit(smc("p", s -> {
            macvlanRdma(s, V4);
            s.setCoordinator(coordinator(c -> c.setPodMACPrefix("9e:10")));
        })).isAllowed()).isTrue();
        assertRefused(admit(smc("p", s -> {
            macvlan(s, null);
            s.setCoordinator(coordinator(c -> c.setPodMACPrefix("01:10")));
        })), "spec.coordinator.podMACPrefix", "is not a unicast prefix");
    }

    @Test
    void M00027_M00028_M00029_rdmaInjectionNeedsTheRdmaResourceAndPools() {
        Map<String, String> inject = Map.of(SpiderpoolAnnotations.RDMA_RESOURCE_INJECT, "test");
        assertThat(admit(annotated(inject, s -> macvlanRdma(s, V4))).isAllowed()).isTrue();
        assertRefused(admit(annotated(inject, s -> macvlanRdma(s, null))), "spec.macvlan.ippools", "needs at least one pool");
        assertRefused(admit(annotated(inject, s -> macvlan(s, V4))), "spec.macvlan.rdmaResourceName", "is required with the annotation");
    }

    @Test
    void M00030_ovsAndCustomCannotBeInjected() {
        Map<String, String> inject = Map.of(SpiderpoolAnnotations.RDMA_RESOURCE_INJECT, "test");
        assertRefused(admit(annotated(inject, s -> {
            s.setCniType(CniType.OVS);
            s.setOvs(new OvsConfig("test", null, null, "test", null));
        })), "metadata.annotations[cni.spidernet.io/rdma-resource-inject]", "cniType ovs cannot be injected");
        assertRefused(admit(annotated(Map.of(SpiderpoolAnnotations.NETWORK_RESOURCE_INJECT, "n"), s -> s.setCniType(CniType.CUSTOM))),
                "metadata.annotations[cni.spidernet.io/network-resource-inject]", "cniType custom cannot be injected");
    }

    @Test
    void M00031_M00032_networkInjectionWithAResourceNeedsPools() {
        Map<String, String> inject = Map.of(SpiderpoolAnnotations.NETWORK_RESOURCE_INJECT, "test");
        assertThat(admit(annotated(inject, s -> macvlanRdma(s, V4))).isAllowed()).isTrue();
        assertRefused(admit(annotated(inject, s -> macvlanRdma(s, null))), "spec.macvlan.ippools", "needs at least one pool");
        assertThat(admit(annotated(inject, s -> macvlan(s, null))).isAllowed())
                .as("no resource: the network alone is injected, as upstream").isTrue();
    }

    @Test
    void anInjectValueThatCannotBeALabelIsRefused() {
        assertRefused(admit(annotated(Map.of(SpiderpoolAnnotations.RDMA_RESOURCE_INJECT, "rail/1"), s -> macvlanRdma(s, V4))),
                "metadata.annotations[cni.spidernet.io/rdma-resource-inject]", "must be usable as a label value");
    }

    @Test
    void M00033_M00034_M00035_aNegativeMtuIsRefused() {
        assertRefused(admit(smc("m", s -> s.setMacvlan(new MasterLinkConfig(ETH0, -1, null, null, null, V4)), CniType.MACVLAN)),
                "spec.macvlan.mtu", "cannot be negative");
        assertRefused(admit(smc("m", s -> s.setIpvlan(new MasterLinkConfig(ETH0, -1, null, null, null, V4)), CniType.IPVLAN)),
                "spec.ipvlan.mtu", "cannot be negative");
        assertRefused(admit(smc("m", s -> s.setSriov(new SriovConfig("spidernet.io/test", null, -1, 10, 30, true, null)),
                CniType.SRIOV)), "spec.sriov.mtu", "cannot be negative");
        assertThat(admit(smc("m", s -> s.setMacvlan(new MasterLinkConfig(ETH0, 1400, null, null, null, V4)), CniType.MACVLAN))
                .isAllowed()).isTrue();
        assertThat(admit(smc("m", s -> s.setSriov(new SriovConfig("spidernet.io/test", null, 1400, 10, 30, true, null)),
                CniType.SRIOV)).isAllowed()).isTrue();
    }

    @Test
    void sriovMinTxRateCannotExceedMax() {
        assertRefused(admit(smc("s", s -> s.setSriov(new SriovConfig("r", null, null, 40, 30, null, null)), CniType.SRIOV)),
                "spec.sriov.minTxRateMbps", "is greater than maxTxRateMbps 30");
    }

    @Test
    void M00039_M00040_vlanAutoModeTakesNoVlanId() {
        assertThat(admit(smc("v", s -> s.setVlan(new VlanConfig(ETH0, null, VlanMode.AUTO, null, null, null, null)), CniType.VLAN))
                .isAllowed()).isTrue();
        assertRefused(admit(smc("v", s -> s.setVlan(new VlanConfig(ETH0, null, VlanMode.AUTO, 100, null, null, null)), CniType.VLAN)),
                "spec.vlan.vlanID", "must not be set when vlanMode is auto");
        assertThat(admit(smc("v", s -> s.setVlan(new VlanConfig(ETH0, null, VlanMode.MANUAL, 100, null, null, null)), CniType.VLAN))
                .isAllowed()).isTrue();
    }

    @Test
    void M00021_eachChainedPluginIsAJsonObjectWithAType() {
        assertRefused(admit(chained("{ \"invalid\" }")), "spec.chainCNIJsonData[0]", "is not valid JSON");
        assertRefused(admit(chained("{\"sysctl\":{\"net.core.somaxconn\":\"4096\"}}")), "spec.chainCNIJsonData[0].type", "is required");
        assertRefused(admit(chained("[{\"type\":\"tuning\"}]")), "spec.chainCNIJsonData[0]", "is not a JSON object");
        assertThat(admit(chained("{\"type\":\"tuning\",\"sysctl\":{\"net.core.somaxconn\":\"4096\"}}")).isAllowed()).isTrue();
        assertRefused(admit(chained(Collections.nCopies(33, "{\"type\":\"tuning\"}").toArray(String[]::new))),
                "spec.chainCNIJsonData", "at most 32");
    }

    @Test
    void M00017_disableIpamIsAdmitted() {
        assertThat(admit(smc("d", s -> {
            macvlan(s, null);
            s.setDisableIPAM(true);
        })).isAllowed()).isTrue();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("ipoib needs its master", smc("i", s -> s.setIpoib(new IpoibConfig(null, null)), CniType.IPOIB),
                        "spec.ipoib.master"),
                Arguments.of("ib-sriov needs its resource", smc("i", s -> s.setIbsriov(new IbSriovConfig(null, null, null, null, null,
                        null)), CniType.IB_SRIOV), "spec.ibsriov.resourceName"),
                Arguments.of("ovs needs its bridge", smc("o", s -> s.setOvs(new OvsConfig(null, null, null, null, null)), CniType.OVS),
                        "spec.ovs.bridge"),
                Arguments.of("ovs vlan in range", smc("o", s -> s.setOvs(new OvsConfig("br1", 5000, null, null, null)), CniType.OVS),
                        "spec.ovs.vlan"),
                Arguments.of("ovs trunk range ordered", smc("o", s -> s.setOvs(new OvsConfig("br1", null,
                        List.of(new OvsTrunk(10, 20, null), new OvsTrunk(30, 20, null)), null, null)), CniType.OVS),
                        "spec.ovs.trunk[1].minID"),
                Arguments.of("ovs trunk id in range", smc("o", s -> s.setOvs(new OvsConfig("br1", null,
                        List.of(new OvsTrunk(null, null, 4095)), null, null)), CniType.OVS), "spec.ovs.trunk[0].id"),
                Arguments.of("matchMasterSubnet is sriov's", smc("m", s -> s.setMacvlan(new MasterLinkConfig(ETH0, null, null, null, null,
                        new SpiderpoolPools(true, List.of("p"), null))), CniType.MACVLAN), "spec.macvlan.ippools.matchMasterSubnet"),
                Arguments.of("customCNI with another type", smc("m", s -> {
                    macvlan(s, null);
                    s.setCustomCNI("{}");
                }), "spec.customCNI"),
                Arguments.of("hijackCIDR checked as the SpiderCoordinator's", smc("m", s -> {
                    macvlan(s, null);
                    s.setCoordinator(coordinator(c -> c.setHijackCIDR(List.of("10.0.0.0/33"))));
                }), "spec.coordinator.hijackCIDR[0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedNamingTheField(String rule, SpiderMultusConfig config, String field) {
        AdmissionResult r = admit(config);

        assertThat(r.status()).isEqualTo(AdmissionResult.Status.INVALID);
        assertThat(r.errors()).extracting(FieldError::path).containsExactly(field);
    }

    @Test
    void sriovMayMatchTheMasterSubnet() {
        assertThat(admit(smc("s", s -> s.setSriov(new SriovConfig("r", null, null, null, null, null,
                new SpiderpoolPools(true, List.of("p"), null))), CniType.SRIOV)).isAllowed()).isTrue();
    }

    // --- helpers ------------------------------------------------------------------------------------

    private AdmissionResult admit(SpiderMultusConfig config) {
        return validator.validateCreate(mutator.mutate(config).object(), Optional.empty());
    }

    private static void assertRefused(AdmissionResult r, String field, String detail) {
        assertThat(r.isAllowed()).as("refused").isFalse();
        assertThat(r.status()).isEqualTo(AdmissionResult.Status.INVALID);
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().getFirst().path()).isEqualTo(field);
        assertThat(r.errors().getFirst().detail()).contains(detail);
    }

    static SpiderMultusConfig smc(String name, Consumer<MultusConfigSpec> spec) {
        SpiderMultusConfig c = new SpiderMultusConfig();
        c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        MultusConfigSpec s = new MultusConfigSpec();
        spec.accept(s);
        c.setSpec(s);
        return c;
    }

    private static SpiderMultusConfig smc(String name, Consumer<MultusConfigSpec> spec, CniType type) {
        return smc(name, s -> {
            s.setCniType(type);
            spec.accept(s);
        });
    }

    private static SpiderMultusConfig annotated(Map<String, String> annotations) {
        return annotated(annotations, s -> macvlan(s, null));
    }

    private static SpiderMultusConfig annotated(Map<String, String> annotations, Consumer<MultusConfigSpec> spec) {
        SpiderMultusConfig c = smc("net", spec);
        c.getMetadata().setAnnotations(new HashMap<>(annotations));
        return c;
    }

    private static SpiderMultusConfig chained(String... plugins) {
        return smc("chain", s -> {
            macvlan(s, V4);
            s.setChainCNIJsonData(List.of(plugins));
        });
    }

    private static void macvlan(MultusConfigSpec s, SpiderpoolPools pools) {
        s.setCniType(CniType.MACVLAN);
        s.setMacvlan(new MasterLinkConfig(ETH0, null, null, null, null, pools));
    }

    private static void macvlanRdma(MultusConfigSpec s, SpiderpoolPools pools) {
        s.setCniType(CniType.MACVLAN);
        s.setMacvlan(new MasterLinkConfig(ETH0, null, null, null, "test", pools));
    }

    private static CoordinatorSpec coordinator(Consumer<CoordinatorSpec> set) {
        CoordinatorSpec c = new CoordinatorSpec();
        set.accept(c);
        return c;
    }

    private static ObjectMeta nad(String name, String owner) {
        return new ObjectMetaBuilder().withName(name).withNamespace(NS).withOwnerReferences(new OwnerReferenceBuilder()
                .withApiVersion("spiderpool.spidernet.io/v2beta1").withKind("SpiderMultusConfig").withName(owner).withUid("u-" + owner)
                .withController(true).build()).build();
    }
}
