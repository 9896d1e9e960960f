package io.spidernet.spiderpool.core.operator;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import java.util.List;

/**
 * The controller's Mutating and ValidatingWebhookConfigurations, entry for entry as
 * {@code deploy/controller/webhooks.yaml} ships them (upstream's paths, failurePolicy Fail, 5 s). No
 * caBundle: the controller's certificate keeper sets it, and the operator carries over what is there.
 */
public final class AdmissionWebhooks {
    /** Kind (lower case, the path's last part), plural, scope, and the validating operations. */
    private record Kind(String name, String plural, String scope, List<String> validate) {}

    private static final List<String> CREATE_UPDATE = List.of("CREATE", "UPDATE");
    private static final List<String> WITH_DELETE = List.of("CREATE", "UPDATE", "DELETE");
    private static final List<Kind> KINDS = List.of(
            new Kind("spiderippool", "spiderippools", "Cluster", WITH_DELETE),
            new Kind("spidersubnet", "spidersubnets", "Cluster", WITH_DELETE),
            new Kind("spiderreservedip", "spiderreservedips", "Cluster", CREATE_UPDATE),
            new Kind("spidercoordinator", "spidercoordinators", "Cluster", CREATE_UPDATE),
            new Kind("spidermultusconfig", "spidermultusconfigs", "Namespaced", CREATE_UPDATE));
    private static final String COMPONENT = "spiderpool-controller";

    private AdmissionWebhooks() {}

    public static MutatingWebhookConfiguration mutating(EffectiveSpec spec, Spiderpool owner) {
        OperatorContext c = spec.context();
        List<MutatingWebhook> hooks = KINDS.stream().map(k -> new MutatingWebhookBuilder()
                .withName(k.name() + "." + SpiderpoolGroup.GROUP).withAdmissionReviewVersions("v1").withSideEffects("None")
                .withFailurePolicy("Fail").withTimeoutSeconds(5)
                .withClientConfig(client(c, "/mutate-spiderpool-spidernet-io-v2beta1-" + k.name()))
                .withRules(rule(k, CREATE_UPDATE)).build()).toList();
        return new MutatingWebhookConfigurationBuilder()
                .withMetadata(ManagedObjects.metadata(c.mutatingName(), null, COMPONENT, owner)).withWebhooks(hooks).build();
    }

    public static ValidatingWebhookConfiguration validating(EffectiveSpec spec, Spiderpool owner) {
        OperatorContext c = spec.context();
        List<ValidatingWebhook> hooks = KINDS.stream().map(k -> new ValidatingWebhookBuilder()
                .withName(k.name() + "." + SpiderpoolGroup.GROUP).withAdmissionReviewVersions("v1").withSideEffects("None")
                .withFailurePolicy("Fail").withTimeoutSeconds(5)
                .withClientConfig(client(c, "/validate-spiderpool-spidernet-io-v2beta1-" + k.name()))
                .withRules(rule(k, k.validate())).build()).toList();
        return new ValidatingWebhookConfigurationBuilder()
                .withMetadata(ManagedObjects.metadata(c.validatingName(), null, COMPONENT, owner)).withWebhooks(hooks).build();
    }

    private static WebhookClientConfig client(OperatorContext c, String path) {
        return new WebhookClientConfigBuilder().withNewService().withName(c.webhookService()).withNamespace(c.namespace())
                .withPath(path).withPort(c.webhookPort()).endService().build();
    }

    private static RuleWithOperations rule(Kind k, List<String> operations) {
        return new RuleWithOperationsBuilder().withApiGroups(SpiderpoolGroup.GROUP).withApiVersions(SpiderpoolGroup.VERSION)
                .withOperations(operations).withResources(k.plural()).withScope(k.scope()).build();
    }
}
