package io.spidernet.spiderpool.core.model.operator;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;

/** {@code spec.ipam}: the conf.yml switches under upstream's key names; null means "the default". */
@JsonClassDescription("IPAM switches, under the names of upstream's conf.yml keys.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"enableIPv4", "enableIPv6", "enableStatefulSet", "enableKubevirtStaticIP", "enableSpiderSubnet",
    "enableAutoPoolForApplication", "enableIPConflictDetection", "enableGatewayDetection"})
public class IpamSettings {
    @Default("true")
    @JsonProperty("enableIPv4")
    @JsonPropertyDescription("Serve IPv4 addresses.")
    private Boolean enableIPv4;
    @Default("false")
    @JsonProperty("enableIPv6")
    @JsonPropertyDescription("Serve IPv6 addresses.")
    private Boolean enableIPv6;
    @Default("true")
    @JsonPropertyDescription("StatefulSet pods keep their addresses across restarts.")
    private Boolean enableStatefulSet;
    @Default("true")
    @JsonProperty("enableKubevirtStaticIP")
    @JsonPropertyDescription("KubeVirt VMs keep their addresses across restarts.")
    private Boolean enableKubevirtStaticIP;
    @Default("true")
    @JsonPropertyDescription("The SpiderSubnet feature.")
    private Boolean enableSpiderSubnet;
    @Default("true")
    @JsonPropertyDescription("Pools created per application from a SpiderSubnet.")
    private Boolean enableAutoPoolForApplication;
    @Default("false")
    @JsonProperty("enableIPConflictDetection")
    @JsonPropertyDescription("The CNI plugin probes each address for a conflict before the pod uses it.")
    private Boolean enableIPConflictDetection;
    @Default("false")
    @JsonPropertyDescription("The CNI plugin probes the gateway before the pod uses it.")
    private Boolean enableGatewayDetection;

    @JsonProperty("enableIPv4")
    public Boolean getEnableIPv4() {
        return enableIPv4;
    }

    @JsonProperty("enableIPv4")
    public void setEnableIPv4(Boolean enableIPv4) {
        this.enableIPv4 = enableIPv4;
    }

    @JsonProperty("enableIPv6")
    public Boolean getEnableIPv6() {
        return enableIPv6;
    }

    @JsonProperty("enableIPv6")
    public void setEnableIPv6(Boolean enableIPv6) {
        this.enableIPv6 = enableIPv6;
    }

    public Boolean getEnableStatefulSet() {
        return enableStatefulSet;
    }

    public void setEnableStatefulSet(Boolean enableStatefulSet) {
        this.enableStatefulSet = enableStatefulSet;
    }

    @JsonProperty("enableKubevirtStaticIP")
    public Boolean getEnableKubevirtStaticIP() {
        return enableKubevirtStaticIP;
    }

    @JsonProperty("enableKubevirtStaticIP")
    public void setEnableKubevirtStaticIP(Boolean enableKubevirtStaticIP) {
        this.enableKubevirtStaticIP = enableKubevirtStaticIP;
    }

    public Boolean getEnableSpiderSubnet() {
        return enableSpiderSubnet;
    }

    public void setEnableSpiderSubnet(Boolean enableSpiderSubnet) {
        this.enableSpiderSubnet = enableSpiderSubnet;
    }

    public Boolean getEnableAutoPoolForApplication() {
        return enableAutoPoolForApplication;
    }

    public void setEnableAutoPoolForApplication(Boolean enableAutoPoolForApplication) {
        this.enableAutoPoolForApplication = enableAutoPoolForApplication;
    }

    @JsonProperty("enableIPConflictDetection")
    public Boolean getEnableIPConflictDetection() {
        return enableIPConflictDetection;
    }

    @JsonProperty("enableIPConflictDetection")
    public void setEnableIPConflictDetection(Boolean enableIPConflictDetection) {
        this.enableIPConflictDetection = enableIPConflictDetection;
    }

    public Boolean getEnableGatewayDetection() {
        return enableGatewayDetection;
    }

    public void setEnableGatewayDetection(Boolean enableGatewayDetection) {
        this.enableGatewayDetection = enableGatewayDetection;
    }
}
