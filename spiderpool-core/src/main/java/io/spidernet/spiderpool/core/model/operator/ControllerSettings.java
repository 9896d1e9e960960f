package io.spidernet.spiderpool.core.model.operator;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** {@code spec.controller}. */
@JsonClassDescription("What the controller manages besides the node side.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ControllerSettings {
    @Default("Auto")
    @JsonPropertyDescription("Who owns the Validating/MutatingWebhookConfigurations. Managed: the controller creates"
            + " and updates them and their caBundle. External: someone else does (OLM's webhook definitions,"
            + " cert-manager); the controller neither creates nor patches them. Auto: External when the controller"
            + " runs under OLM, Managed otherwise.")
    private WebhookConfigurations webhookConfigurations;

    /** The three owners of the webhook configurations. */
    public enum WebhookConfigurations { Auto, Managed, External }

    public WebhookConfigurations getWebhookConfigurations() {
        return webhookConfigurations;
    }

    public void setWebhookConfigurations(WebhookConfigurations webhookConfigurations) {
        this.webhookConfigurations = webhookConfigurations;
    }
}
