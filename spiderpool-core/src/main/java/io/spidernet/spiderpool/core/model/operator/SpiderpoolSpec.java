package io.spidernet.spiderpool.core.model.operator;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;

/** {@code Spiderpool.spec}: every group and field is optional; the operator's defaults apply to what is left out. */
@JsonClassDescription("What the operator installs and how. Every field is optional.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"ipam", "agent", "controller", "coordinator"})
public class SpiderpoolSpec {
    @JsonPropertyDescription("IPAM switches, written into conf.yml of the spiderpool-conf ConfigMap.")
    private IpamSettings ipam;
    @JsonPropertyDescription("The spiderpool-agent DaemonSet.")
    private AgentSettings agent;
    @JsonPropertyDescription("What the controller itself manages.")
    private ControllerSettings controller;
    @JsonPropertyDescription("The spec of the default SpiderCoordinator the operator creates and keeps; unset fields"
            + " take the SpiderCoordinator webhook's defaults, and podCIDRType defaults to auto.")
    private CoordinatorSpec coordinator;

    public IpamSettings getIpam() {
        return ipam;
    }

    public void setIpam(IpamSettings ipam) {
        this.ipam = ipam;
    }

    public AgentSettings getAgent() {
        return agent;
    }

    public void setAgent(AgentSettings agent) {
        this.agent = agent;
    }

    public ControllerSettings getController() {
        return controller;
    }

    public void setController(ControllerSettings controller) {
        this.controller = controller;
    }

    public CoordinatorSpec getCoordinator() {
        return coordinator;
    }

    public void setCoordinator(CoordinatorSpec coordinator) {
        this.coordinator = coordinator;
    }
}
