package io.spidernet.spiderpool.core.model.coordinator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.spidernet.spiderpool.core.model.NoIntegerFormat;
import io.spidernet.spiderpool.core.model.Route;
import java.util.List;

/**
 * {@code SpiderCoordinator.spec}, and also {@code SpiderMultusConfig.spec.coordinator}, where it
 * overrides the cluster-wide values for one network. Every field is optional: null means "not set",
 * which the merge with the cluster-wide object needs to tell apart from an explicit value
 * ({@code tunePodRoutes: false}, {@code podRPFilter: 0}). {@code podCIDRType} is optional in the
 * schema too, for the same reason; the webhook requires it on the SpiderCoordinator itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"mode", "podCIDRType", "hijackCIDR", "policyRoutes", "podMACPrefix", "tunePodRoutes",
    "podDefaultRouteNIC", "hostRuleTable", "podRPFilter", "txQueueLen", "vethLinkAddress", "vethMTU"})
public class CoordinatorSpec {
    @Default("auto")
    private CoordinatorMode mode;
    @JsonProperty("podCIDRType")
    private PodCidrType podCIDRType;
    @JsonProperty("hijackCIDR")
    private List<String> hijackCIDR;
    private List<Route> policyRoutes;
    @JsonProperty("podMACPrefix")
    private String podMACPrefix;
    @Default("true")
    private Boolean tunePodRoutes;
    @JsonProperty("podDefaultRouteNIC")
    private String podDefaultRouteNIC;
    @Default("500")
    @NoIntegerFormat
    private Integer hostRuleTable;
    /** Negative leaves the pod's rp_filter alone; 0, 1, 2 are written as they are. */
    @Default("0")
    @NoIntegerFormat
    @JsonProperty("podRPFilter")
    private Integer podRPFilter;
    /** 0 leaves the pod's tx queue length alone. */
    @Default("0")
    @NoIntegerFormat
    private Integer txQueueLen;
    private String vethLinkAddress;
    @Min(1)
    @NoIntegerFormat
    @JsonProperty("vethMTU")
    private Integer vethMTU;

    public CoordinatorMode getMode() {
        return mode;
    }

    public void setMode(CoordinatorMode mode) {
        this.mode = mode;
    }

    @JsonProperty("podCIDRType")
    public PodCidrType getPodCIDRType() {
        return podCIDRType;
    }

    @JsonProperty("podCIDRType")
    public void setPodCIDRType(PodCidrType podCIDRType) {
        this.podCIDRType = podCIDRType;
    }

    @JsonProperty("hijackCIDR")
    public List<String> getHijackCIDR() {
        return hijackCIDR;
    }

    @JsonProperty("hijackCIDR")
    public void setHijackCIDR(List<String> hijackCIDR) {
        this.hijackCIDR = hijackCIDR;
    }

    public List<Route> getPolicyRoutes() {
        return policyRoutes;
    }

    public void setPolicyRoutes(List<Route> policyRoutes) {
        this.policyRoutes = policyRoutes;
    }

    @JsonProperty("podMACPrefix")
    public String getPodMACPrefix() {
        return podMACPrefix;
    }

    @JsonProperty("podMACPrefix")
    public void setPodMACPrefix(String podMACPrefix) {
        this.podMACPrefix = podMACPrefix;
    }

    public Boolean getTunePodRoutes() {
        return tunePodRoutes;
    }

    public void setTunePodRoutes(Boolean tunePodRoutes) {
        this.tunePodRoutes = tunePodRoutes;
    }

    @JsonProperty("podDefaultRouteNIC")
    public String getPodDefaultRouteNIC() {
        return podDefaultRouteNIC;
    }

    @JsonProperty("podDefaultRouteNIC")
    public void setPodDefaultRouteNIC(String podDefaultRouteNIC) {
        this.podDefaultRouteNIC = podDefaultRouteNIC;
    }

    public Integer getHostRuleTable() {
        return hostRuleTable;
    }

    public void setHostRuleTable(Integer hostRuleTable) {
        this.hostRuleTable = hostRuleTable;
    }

    @JsonProperty("podRPFilter")
    public Integer getPodRPFilter() {
        return podRPFilter;
    }

    @JsonProperty("podRPFilter")
    public void setPodRPFilter(Integer podRPFilter) {
        this.podRPFilter = podRPFilter;
    }

    public Integer getTxQueueLen() {
        return txQueueLen;
    }

    public void setTxQueueLen(Integer txQueueLen) {
        this.txQueueLen = txQueueLen;
    }

    public String getVethLinkAddress() {
        return vethLinkAddress;
    }

    public void setVethLinkAddress(String vethLinkAddress) {
        this.vethLinkAddress = vethLinkAddress;
    }

    @JsonProperty("vethMTU")
    public Integer getVethMTU() {
        return vethMTU;
    }

    @JsonProperty("vethMTU")
    public void setVethMTU(Integer vethMTU) {
        this.vethMTU = vethMTU;
    }
}
