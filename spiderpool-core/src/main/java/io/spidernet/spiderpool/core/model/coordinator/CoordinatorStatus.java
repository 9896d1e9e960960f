package io.spidernet.spiderpool.core.model.coordinator;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * {@code SpiderCoordinator.status}: what the controller found out about the cluster. {@code phase}
 * is a free string in the schema; the controller writes only {@link #PHASE_SYNCED} or
 * {@link #PHASE_NOT_READY} (with {@code reason} saying why).
 */
@JsonClassDescription("The cluster networks the controller found for the coordinator plugin.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"phase", "reason", "overlayPodCIDR", "serviceCIDR"})
public class CoordinatorStatus {
    public static final String PHASE_SYNCED = "Synced";
    public static final String PHASE_NOT_READY = "NotReady";

    @Required
    @JsonPropertyDescription("Synced when the CIDRs below are current, NotReady when they could not be found (see"
            + " reason). The agent configures pods only while it is Synced.")
    private String phase;
    @JsonPropertyDescription("Why phase is NotReady.")
    private String reason;
    @JsonProperty("overlayPodCIDR")
    @JsonPropertyDescription("Pod CIDRs of the cluster's own CNI, found as spec.podCIDRType says; pods reach them"
            + " through the host.")
    private List<String> overlayPodCIDR;
    @JsonProperty("serviceCIDR")
    @JsonPropertyDescription("Service (ClusterIP) CIDRs of the cluster; pods reach them through the host.")
    private List<String> serviceCIDR;

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    @JsonProperty("overlayPodCIDR")
    public List<String> getOverlayPodCIDR() {
        return overlayPodCIDR;
    }

    @JsonProperty("overlayPodCIDR")
    public void setOverlayPodCIDR(List<String> overlayPodCIDR) {
        this.overlayPodCIDR = overlayPodCIDR;
    }

    @JsonProperty("serviceCIDR")
    public List<String> getServiceCIDR() {
        return serviceCIDR;
    }

    @JsonProperty("serviceCIDR")
    public void setServiceCIDR(List<String> serviceCIDR) {
        this.serviceCIDR = serviceCIDR;
    }
}
