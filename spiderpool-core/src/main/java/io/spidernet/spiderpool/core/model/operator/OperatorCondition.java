package io.spidernet.spiderpool.core.model.operator;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * One condition in Kubernetes' usual shape (metav1.Condition). Our own class rather than fabric8's
 * {@code Condition}: the CRD must describe every field, and the model type carries no descriptions.
 */
@JsonClassDescription("One aspect of the operator's state.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "status", "observedGeneration", "lastTransitionTime", "reason", "message"})
public class OperatorCondition {
    public static final String AVAILABLE = "Available";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";

    @Required
    @JsonPropertyDescription("Available, Progressing or Degraded.")
    private String type;
    @Required
    @JsonPropertyDescription("True, False or Unknown.")
    private String status;
    @JsonPropertyDescription("The metadata.generation this condition was set for.")
    private Long observedGeneration;
    @JsonPropertyDescription("When status last changed (RFC 3339).")
    private String lastTransitionTime;
    @JsonPropertyDescription("Why, as one CamelCase word.")
    private String reason;
    @JsonPropertyDescription("Why, for people: what is wrong and what to change.")
    private String message;

    public OperatorCondition() {}

    public OperatorCondition(String type, boolean status, long observedGeneration, String lastTransitionTime,
                             String reason, String message) {
        this.type = type;
        this.status = status ? "True" : "False";
        this.observedGeneration = observedGeneration;
        this.lastTransitionTime = lastTransitionTime;
        this.reason = reason;
        this.message = message;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    @JsonIgnore
    public boolean isTrue() {
        return "True".equals(status);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OperatorCondition c && Objects.equals(type, c.type) && Objects.equals(status, c.status)
                && Objects.equals(observedGeneration, c.observedGeneration)
                && Objects.equals(lastTransitionTime, c.lastTransitionTime) && Objects.equals(reason, c.reason)
                && Objects.equals(message, c.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, observedGeneration, lastTransitionTime, reason, message);
    }

    @Override
    public String toString() {
        return type + "=" + status + " (" + reason + ": " + message + ")";
    }
}
