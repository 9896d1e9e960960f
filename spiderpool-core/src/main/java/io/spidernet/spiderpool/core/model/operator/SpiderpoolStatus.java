package io.spidernet.spiderpool.core.model.operator;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/** {@code Spiderpool.status}: written by the operator only, and only when it changed. */
@JsonClassDescription("What the operator last did with this object.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "agentTemplateHash", "conditions"})
public class SpiderpoolStatus {
    @JsonPropertyDescription("The metadata.generation the conditions were computed for.")
    private Long observedGeneration;
    @JsonPropertyDescription("Hash of the agent pod template (conf.yml included) last rendered; the agent pods carry it"
            + " as the annotation spiderpool.spidernet.io/config-hash.")
    private String agentTemplateHash;
    @JsonPropertyDescription("Available, Progressing and Degraded, each with a reason.")
    private List<OperatorCondition> conditions;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getAgentTemplateHash() {
        return agentTemplateHash;
    }

    public void setAgentTemplateHash(String agentTemplateHash) {
        this.agentTemplateHash = agentTemplateHash;
    }

    public List<OperatorCondition> getConditions() {
        return conditions;
    }

    public void setConditions(List<OperatorCondition> conditions) {
        this.conditions = conditions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpiderpoolStatus s && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(agentTemplateHash, s.agentTemplateHash) && Objects.equals(conditions, s.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, agentTemplateHash, conditions);
    }
}
