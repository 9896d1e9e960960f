package io.spidernet.spiderpool.core.multus;

import static io.spidernet.spiderpool.core.multus.MultusRenderRefusalTest.smc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.cni.JsonReader;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rendering half of upstream's SpiderMultusConfig e2e cases (test/e2e/spidermultus), whose NAD
 * content needs no cluster: the input each case creates and what it checks in the generated NAD.
 * Ownership, deletion and re-creation of the NAD (M00001, M00007, M00008) and the webhook's
 * refusals are the reconciler's and the webhook's tests.
 */
class UpstreamMultusRenderCasesTest {

    @Test
    void m00001_macvlanNadIsRenderedUnderTheSmcName() throws IOException {
        RenderedNad nad = render("{}", "cniType: macvlan\nmacvlan: {master: [eth0]}\ncoordinator: {podCIDRType: cluster}");
        assertThat(nad.name()).isEqualTo("smc");
        assertThat(nad.namespace()).isEqualTo("ns");
        assertThat(types(nad)).containsExactly("macvlan", "coordinator");
    }

    @Test
    void m00002_ipvlanNad() throws IOException {
        assertThat(types(render("{}", "cniType: ipvlan\nipvlan: {master: [eth2]}"))).containsExactly("ipvlan", "coordinator");
    }

    @Test
    void m00003_sriovNadAsksForTheResource() throws IOException {
        RenderedNad nad = render("{}", "cniType: sriov\nsriov: {resourceName: sriov-test}");
        assertThat(types(nad)).containsExactly("sriov", "coordinator");
        assertThat(nad.annotations()).containsEntry("k8s.v1.cni.cncf.io/resourceName", "sriov-test");
    }

    @Test
    void m00004_m00005_customCniValidJsonIsTheConfigInvalidIsRefused() throws IOException {
        String valid = "{\"cniVersion\":\"0.3.1\",\"name\":\"macvlan-conf\",\"plugins\":[{\"type\":\"macvlan\"}]}";
        assertThat(render("{}", "cniType: custom\ncustomCNI: '" + valid + "'").config()).contains(valid);
        assertThatThrownBy(() -> render("{}", "cniType: custom\ncustomCNI: '{ \"invalid\" }'"))
                .isInstanceOf(MultusRenderException.class).hasMessageStartingWith("spec.customCNI");
    }

    @Test
    void m00006_m00009_addingABondPutsIfacerFirst() throws IOException {
        assertThat(types(render("{}", "cniType: macvlan\nmacvlan: {master: [eth0]}\nenableCoordinator: false")))
                .containsExactly("macvlan");
        RenderedNad bonded = render("{}", "cniType: macvlan\nmacvlan: {master: [eth0, eth1], vlanID: 10,"
                + " bond: {name: ens1, mode: 0}}\nenableCoordinator: false");
        assertThat(types(bonded)).containsExactly("ifacer", "macvlan");
        assertThat(plugins(bonded).get(1)).containsEntry("master", "ens1.10");
    }

    @Test
    void m00010_crNameAnnotationNamesTheNad() throws IOException {
        RenderedNad nad = render("{multus.spidernet.io/cr-name: test-custom-multus}",
                "cniType: macvlan\nmacvlan: {master: [eth0]}\ncoordinator: {mode: disabled}");
        assertThat(nad.name()).isEqualTo("test-custom-multus");
        assertThat(conflist(nad)).containsEntry("name", "test-custom-multus");
    }

    @Test
    void m00012_m00013_cniVersionAnnotation() throws IOException {
        RenderedNad nad = render("{multus.spidernet.io/cni-version: 0.4.0}", "cniType: macvlan\nmacvlan: {master: [eth0]}");
        assertThat(nad.annotations()).containsEntry("multus.spidernet.io/cni-version", "0.4.0");
        assertThat(conflist(nad)).containsEntry("cniVersion", "0.4.0");
        assertThatThrownBy(() -> render("{multus.spidernet.io/cni-version: x.y.z}", "cniType: macvlan\nmacvlan: {master: [eth0]}"))
                .isInstanceOf(MultusRenderException.class);
    }

    @Test
    void m00017_disableIpamLeavesNoSpiderpoolBlock() throws IOException {
        RenderedNad nad = render("{}", "cniType: macvlan\nmacvlan: {master: [eth0]}\ndisableIPAM: true");
        assertThat(types(nad)).containsExactly("macvlan", "coordinator");
        assertThat(nad.config().orElseThrow()).doesNotContain("\"type\":\"spiderpool\"");
    }

    @Test
    void m00019_emptySpecGivesANadWithoutConfig() throws IOException {
        RenderedNad nad = render("{}", "{}");
        assertThat(nad.name()).isEqualTo("smc");
        assertThat(nad.config()).isEmpty();
        SpiderMultusConfig noSpec = smc("{}", "{}");
        noSpec.setSpec(null);
        assertThat(MultusConfigRenderer.render(noSpec).config()).isEmpty();
    }

    @Test
    void anEmptyCniConfigNameAnnotationFallsBackToTheNadName() throws IOException {
        RenderedNad nad = render("{cni.spidernet.io/cniconfig-name: ''}", "cniType: macvlan\nmacvlan: {master: [eth0]}");
        assertThat(conflist(nad)).containsEntry("name", "smc");
    }

    @Test
    void m00021_chainedPluginIsCarriedAndMustBeAPluginObject() throws IOException {
        String tuning = "{\"type\":\"tuning\",\"sysctl\":{\"net.core.somaxconn\":\"4096\"}}";
        RenderedNad nad = render("{}", "cniType: macvlan\nmacvlan: {master: [eth0], ippools: {ipv4: [default-v4-ippool]}}\n"
                + "chainCNIJsonData: ['" + tuning + "']");
        assertThat(types(nad)).containsExactly("macvlan", "tuning", "coordinator");
        assertThat(plugins(nad).get(1)).isEqualTo(JsonReader.parseObject(tuning));
        for (String bad : List.of("{\"sysctl\":{\"net.core.somaxconn\":\"4096\"}}", "[" + tuning + "]")) {
            assertThatThrownBy(() -> render("{}", "cniType: macvlan\nmacvlan: {master: [eth0]}\nchainCNIJsonData: ['" + bad + "']"))
                    .isInstanceOf(MultusRenderException.class).hasMessageStartingWith("spec.chainCNIJsonData[0]");
        }
    }

    @Test
    void m00022_podRpFilterUnsetIsNotWrittenSetIsWritten() throws IOException {
        RenderedNad unset = render("{}", "cniType: macvlan\nmacvlan: {master: [eth0]}\nenableCoordinator: true\ncoordinator: {}");
        assertThat(types(unset)).containsExactly("macvlan", "coordinator");
        assertThat(plugins(unset).get(1)).doesNotContainKey("podRPFilter");
        RenderedNad set = render("{}", "cniType: macvlan\nmacvlan: {master: [eth0]}\ncoordinator: {podRPFilter: 1}");
        assertThat(plugins(set).get(1)).containsEntry("podRPFilter", 1L);
    }

    @Test
    void m00024_podMacPrefixReachesTheCoordinator() throws IOException {
        RenderedNad nad = render("{}", "cniType: macvlan\nmacvlan: {master: [eth0]}\ncoordinator: {podMACPrefix: '9e:10'}");
        assertThat(plugins(nad).get(1)).containsEntry("podMACPrefix", "9e:10");
    }

    @Test
    void m00026_vethLinkAddressReachesTheCoordinator() throws IOException {
        RenderedNad nad = render("{}", "cniType: macvlan\nmacvlan: {master: [eth0]}\ncoordinator: {vethLinkAddress: 169.254.100.1}");
        assertThat(plugins(nad).get(1)).containsEntry("vethLinkAddress", "169.254.100.1");
    }

    @Test
    void m00033_m00034_mtuIsTheMacvlanAndIpvlanMtu() throws IOException {
        assertThat(plugins(render("{}", "cniType: macvlan\nmacvlan: {master: [eth0], mtu: 1400}")).get(0))
                .containsEntry("mtu", 1400L);
        assertThat(plugins(render("{}", "cniType: ipvlan\nipvlan: {master: [eth3], mtu: 1400}")).get(0))
                .containsEntry("mtu", 1400L);
    }

    @Test
    void m00035_sriovRatesOnSriovAndMtuThroughTuning() throws IOException {
        RenderedNad nad = render("{}", "cniType: sriov\nsriov: {resourceName: spidernet.io/sriov, mtu: 1400,"
                + " minTxRateMbps: 10, maxTxRateMbps: 30}");
        assertThat(types(nad)).containsExactly("sriov", "tuning", "coordinator");
        assertThat(plugins(nad).get(0)).containsEntry("min_tx_rate", 10L).containsEntry("max_tx_rate", 30L);
        assertThat(plugins(nad).get(1)).containsEntry("mtu", 1400L);
    }

    @Test
    void m00038_m00039_vlanManualAndAuto() throws IOException {
        assertThat(plugins(render("{}", "cniType: vlan\nvlan: {master: [eth0], vlanID: 100}")).get(0))
                .containsEntry("vlanMode", "manual").containsEntry("vlanId", 100L);
        assertThat(plugins(render("{}", "cniType: vlan\nvlan: {master: [eth0], vlanMode: auto}")).get(0))
                .containsEntry("vlanMode", "auto").doesNotContainKey("vlanId");
    }

    private static RenderedNad render(String annotations, String spec) throws IOException {
        return MultusConfigRenderer.render(smc(annotations, spec));
    }

    static Map<String, Object> conflist(RenderedNad nad) {
        return JsonReader.parseObject(nad.config().orElseThrow());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> plugins(RenderedNad nad) {
        return (List<Map<String, Object>>) conflist(nad).get("plugins");
    }

    static List<String> types(RenderedNad nad) {
        return plugins(nad).stream().map(p -> (String) p.get("type")).toList();
    }
}
