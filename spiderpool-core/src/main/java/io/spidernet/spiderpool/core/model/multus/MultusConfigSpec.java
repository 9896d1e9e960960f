package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.spidernet.spiderpool.core.model.NoSchemaDefaults;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import java.util.List;

/**
 * {@code SpiderMultusConfig.spec}: the main plugin ({@code cniType} and its one sub-config), whether
 * the coordinator plugin is chained after it and with which overrides, extra chained plugins
 * ({@code chainCNIJsonData}, one JSON object each) and, for {@code custom}, the whole config as
 * JSON in {@code customCNI}. Every property is explicitly named because several ({@code disableIPAM},
 * {@code chainCNIJsonData}, {@code customCNI}) do not follow Java bean naming.
 */
@JsonClassDescription("The main CNI plugin and its settings, the pools its NICs take addresses from, and the plugins"
        + " chained after it.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"cniType", "macvlan", "ipvlan", "vlan", "sriov", "ovs", "ibsriov",
    "ipoib", "enableCoordinator", "disableIPAM", "coordinator", "chainCNIJsonData", "customCNI"})
public class MultusConfigSpec {
    @Default("custom")
    @JsonProperty("cniType")
    @JsonPropertyDescription("Main CNI plugin of the generated network: macvlan, ipvlan, vlan, sriov, ovs, ib-sriov, ipoib"
            + " or custom. Only the settings block of that plugin may be set; custom takes the whole configuration from"
            + " customCNI.")
    private CniType cniType;
    @JsonProperty("macvlan")
    @JsonPropertyDescription("Settings of the macvlan plugin, for cniType macvlan.")
    private MasterLinkConfig macvlan;
    @JsonProperty("ipvlan")
    @JsonPropertyDescription("Settings of the ipvlan plugin, for cniType ipvlan.")
    private MasterLinkConfig ipvlan;
    @JsonProperty("vlan")
    @JsonPropertyDescription("Settings of the vlan plugin, for cniType vlan.")
    private VlanConfig vlan;
    @JsonProperty("sriov")
    @JsonPropertyDescription("Settings of the SR-IOV plugin, for cniType sriov.")
    private SriovConfig sriov;
    @JsonProperty("ovs")
    @JsonPropertyDescription("Settings of the Open vSwitch plugin, for cniType ovs.")
    private OvsConfig ovs;
    @JsonProperty("ibsriov")
    @JsonPropertyDescription("Settings of the InfiniBand SR-IOV plugin, for cniType ib-sriov.")
    private IbSriovConfig ibsriov;
    @JsonProperty("ipoib")
    @JsonPropertyDescription("Settings of the IP-over-InfiniBand plugin, for cniType ipoib.")
    private IpoibConfig ipoib;
    @Default("true")
    @JsonProperty("enableCoordinator")
    @JsonPropertyDescription("Chain the coordinator plugin after the main one, for routes between the pod's NICs and a"
            + " path to the host and to services. Always false for custom.")
    private Boolean enableCoordinator;
    @Default("false")
    @JsonProperty("disableIPAM")
    @JsonPropertyDescription("Leave the ipam block out of the generated configuration, for a main plugin that gets its"
            + " addresses some other way.")
    private Boolean disableIPAM;
    @NoSchemaDefaults
    @JsonProperty("coordinator")
    @JsonPropertyDescription("Coordinator settings for this network alone; each field set here overrides the"
            + " SpiderCoordinator's value, each field left out keeps it.")
    private CoordinatorSpec coordinator;
    @JsonProperty("chainCNIJsonData")
    @JsonPropertyDescription("Further plugins chained after the others, each entry one plugin configuration as a JSON"
            + " object.")
    private List<String> chainCNIJsonData;
    @JsonProperty("customCNI")
    @JsonPropertyDescription("The whole CNI configuration as JSON, used as written when cniType is custom.")
    private String customCNI;

    @JsonProperty("cniType")
    public CniType getCniType() {
        return cniType;
    }

    @JsonProperty("cniType")
    public void setCniType(CniType cniType) {
        this.cniType = cniType;
    }

    @JsonProperty("macvlan")
    public MasterLinkConfig getMacvlan() {
        return macvlan;
    }

    @JsonProperty("macvlan")
    public void setMacvlan(MasterLinkConfig macvlan) {
        this.macvlan = macvlan;
    }

    @JsonProperty("ipvlan")
    public MasterLinkConfig getIpvlan() {
        return ipvlan;
    }

    @JsonProperty("ipvlan")
    public void setIpvlan(MasterLinkConfig ipvlan) {
        this.ipvlan = ipvlan;
    }

    @JsonProperty("vlan")
    public VlanConfig getVlan() {
        return vlan;
    }

    @JsonProperty("vlan")
    public void setVlan(VlanConfig vlan) {
        this.vlan = vlan;
    }

    @JsonProperty("sriov")
    public SriovConfig getSriov() {
        return sriov;
    }

    @JsonProperty("sriov")
    public void setSriov(SriovConfig sriov) {
        this.sriov = sriov;
    }

    @JsonProperty("ovs")
    public OvsConfig getOvs() {
        return ovs;
    }

    @JsonProperty("ovs")
    public void setOvs(OvsConfig ovs) {
        this.ovs = ovs;
    }

    @JsonProperty("ibsriov")
    public IbSriovConfig getIbsriov() {
        return ibsriov;
    }

    @JsonProperty("ibsriov")
    public void setIbsriov(IbSriovConfig ibsriov) {
        this.ibsriov = ibsriov;
    }

    @JsonProperty("ipoib")
    public IpoibConfig getIpoib() {
        return ipoib;
    }

    @JsonProperty("ipoib")
    public void setIpoib(IpoibConfig ipoib) {
        this.ipoib = ipoib;
    }

    @JsonProperty("enableCoordinator")
    public Boolean getEnableCoordinator() {
        return enableCoordinator;
    }

    @JsonProperty("enableCoordinator")
    public void setEnableCoordinator(Boolean enableCoordinator) {
        this.enableCoordinator = enableCoordinator;
    }

    @JsonProperty("disableIPAM")
    public Boolean getDisableIPAM() {
        return disableIPAM;
    }

    @JsonProperty("disableIPAM")
    public void setDisableIPAM(Boolean disableIPAM) {
        this.disableIPAM = disableIPAM;
    }

    @JsonProperty("coordinator")
    public CoordinatorSpec getCoordinator() {
        return coordinator;
    }

    @JsonProperty("coordinator")
    public void setCoordinator(CoordinatorSpec coordinator) {
        this.coordinator = coordinator;
    }

    @JsonProperty("chainCNIJsonData")
    public List<String> getChainCNIJsonData() {
        return chainCNIJsonData;
    }

    @JsonProperty("chainCNIJsonData")
    public void setChainCNIJsonData(List<String> chainCNIJsonData) {
        this.chainCNIJsonData = chainCNIJsonData;
    }

    @JsonProperty("customCNI")
    public String getCustomCNI() {
        return customCNI;
    }

    @JsonProperty("customCNI")
    public void setCustomCNI(String customCNI) {
        this.customCNI = customCNI;
    }
}
