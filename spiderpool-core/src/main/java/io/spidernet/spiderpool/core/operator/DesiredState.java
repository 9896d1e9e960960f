package io.spidernet.spiderpool.core.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the operator keeps for one Spiderpool object, rendered from its effective spec: the
 * objects to create or put back, in the order they are applied (the ConfigMap before the agents
 * that mount it; the webhooks before the coordinator they admit).
 *
 * @param webhooksManaged false when someone else owns the webhook configurations: they are not in
 *                        {@link #objects()}, and the operator removes any of its own
 */
public record DesiredState(ConfigMap configMap, DaemonSet daemonSet, MutatingWebhookConfiguration mutating,
                           ValidatingWebhookConfiguration validating, SpiderCoordinator coordinator, String configHash,
                           boolean webhooksManaged) {

    public static DesiredState render(EffectiveSpec spec, Spiderpool owner) {
        ConfigMap configMap = AgentConfigMap.render(spec, owner);
        String hash = ConfigHash.of(AgentDaemonSet.podTemplate(spec), configMap.getData());
        return new DesiredState(configMap, AgentDaemonSet.render(spec, owner, hash), AdmissionWebhooks.mutating(spec, owner),
                AdmissionWebhooks.validating(spec, owner), DefaultCoordinator.render(spec, owner), hash,
                spec.webhooksManaged());
    }

    /** The objects to keep as rendered, in apply order. */
    public List<HasMetadata> objects() {
        List<HasMetadata> all = new ArrayList<>(List.of(configMap, daemonSet));
        if (webhooksManaged) {
            all.add(mutating);
            all.add(validating);
        }
        all.add(coordinator);
        return all;
    }
}
