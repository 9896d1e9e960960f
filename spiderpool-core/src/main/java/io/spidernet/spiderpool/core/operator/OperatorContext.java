package io.spidernet.spiderpool.core.operator;

import java.util.Objects;

/**
 * What the operator knows about the controller running it, which the Spiderpool object does not say:
 * where the node side goes and how the webhooks are reached.
 *
 * @param namespace          the namespace Spiderpool runs in: the DaemonSet, ConfigMap and webhook Service go there
 * @param defaultAgentImage  the agent image of the controller's own version, for {@code spec.agent.image} unset
 * @param underOlm           the controller's pod runs under OLM ({@code OPERATOR_CONDITION_NAME} set): Auto means External
 * @param webhookService     the Service in front of the controller's webhook port
 * @param webhookPort        the controller's webhook port (5722)
 * @param mutatingName       name of the MutatingWebhookConfiguration
 * @param validatingName     name of the ValidatingWebhookConfiguration
 * @param coordinatorName    name of the default SpiderCoordinator, which the controller keeps the status of
 */
public record OperatorContext(String namespace, String defaultAgentImage, boolean underOlm, String webhookService,
                              int webhookPort, String mutatingName, String validatingName, String coordinatorName) {
    public OperatorContext {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(defaultAgentImage, "defaultAgentImage");
        Objects.requireNonNull(webhookService, "webhookService");
        Objects.requireNonNull(mutatingName, "mutatingName");
        Objects.requireNonNull(validatingName, "validatingName");
        Objects.requireNonNull(coordinatorName, "coordinatorName");
        if (webhookPort < 1 || webhookPort > 65535) {
            throw new IllegalArgumentException("webhook port " + webhookPort + " is not a TCP port (1-65535)");
        }
    }
}
