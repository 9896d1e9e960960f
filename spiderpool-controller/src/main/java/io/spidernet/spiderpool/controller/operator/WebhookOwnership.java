package io.spidernet.spiderpool.controller.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.core.model.operator.OperatorGroup;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import io.spidernet.spiderpool.core.operator.EffectiveSpec;
import io.spidernet.spiderpool.kube.KubeReads;
import java.util.function.BooleanSupplier;

/**
 * Whether this controller may patch the webhook configurations' caBundle: always on the Helm path
 * (operator off); on the operator path unless {@code spec.controller.webhookConfigurations} resolves
 * to External (explicitly, or Auto under OLM), where OLM or cert-manager own them and their CA. Read
 * at each certificate check, on every replica, so a change of the object needs no restart.
 */
public final class WebhookOwnership implements BooleanSupplier {
    private final KubernetesClient client;
    private final boolean operatorEnabled;
    private final boolean underOlm;

    public WebhookOwnership(KubernetesClient client, boolean operatorEnabled, boolean underOlm) {
        this.client = client;
        this.operatorEnabled = operatorEnabled;
        this.underOlm = underOlm;
    }

    @Override
    public boolean getAsBoolean() {
        if (!operatorEnabled) {
            return true;
        }
        Spiderpool object = KubeReads.orAbsent(() -> client.resources(Spiderpool.class).withName(OperatorGroup.OBJECT_NAME).get())
                .orElse(null);
        return EffectiveSpec.webhooksManaged(object, underOlm);
    }
}
