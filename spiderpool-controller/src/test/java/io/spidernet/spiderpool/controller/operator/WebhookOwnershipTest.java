package io.spidernet.spiderpool.controller.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.core.model.operator.ControllerSettings;
import io.spidernet.spiderpool.core.model.operator.ControllerSettings.WebhookConfigurations;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import io.spidernet.spiderpool.core.model.operator.SpiderpoolSpec;
import org.junit.jupiter.api.Test;

/** Who sets the webhooks' caBundle: the certificate keeper asks this before every patch. */
@EnableKubernetesMockClient(crud = true)
class WebhookOwnershipTest {
    KubernetesClient client;

    @Test
    void theHelmPathAlwaysPatches() {
        spiderpool(WebhookConfigurations.External);
        assertThat(new WebhookOwnership(client, false, true).getAsBoolean()).isTrue();
    }

    @Test
    void withoutAnObjectAutoDecidesByOlm() {
        assertThat(new WebhookOwnership(client, true, false).getAsBoolean()).isTrue();
        assertThat(new WebhookOwnership(client, true, true).getAsBoolean()).isFalse();
    }

    @Test
    void theObjectDecidesAndIsReadEachTime() {
        spiderpool(WebhookConfigurations.External);
        WebhookOwnership ownership = new WebhookOwnership(client, true, false);
        assertThat(ownership.getAsBoolean()).isFalse();
        client.resources(Spiderpool.class).withName("spiderpool").edit(s -> {
            s.getSpec().getController().setWebhookConfigurations(WebhookConfigurations.Managed);
            return s;
        });
        assertThat(ownership.getAsBoolean()).isTrue();
        assertThat(new WebhookOwnership(client, true, true).getAsBoolean()).as("Managed wins over OLM").isTrue();
    }

    private void spiderpool(WebhookConfigurations mode) {
        Spiderpool s = new Spiderpool();
        s.setMetadata(new ObjectMetaBuilder().withName("spiderpool").build());
        s.setSpec(new SpiderpoolSpec());
        s.getSpec().setController(new ControllerSettings());
        s.getSpec().getController().setWebhookConfigurations(mode);
        client.resource(s).create();
    }
}
