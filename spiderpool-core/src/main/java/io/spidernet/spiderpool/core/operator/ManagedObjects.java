package io.spidernet.spiderpool.core.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.spidernet.spiderpool.core.model.operator.OperatorGroup;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The names, labels and owner every object the operator creates carries. */
public final class ManagedObjects {
    public static final String AGENT_NAME = "spiderpool-agent";
    public static final String CONFIG_MAP_NAME = "spiderpool-conf";
    public static final String CONF_KEY = "conf.yml";
    /** On the agent pod template: a new value rolls the agents (the agent reads conf.yml once, at start). */
    public static final String CONFIG_HASH_ANNOTATION = "spiderpool.spidernet.io/config-hash";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String COMPONENT_LABEL = "app.kubernetes.io/component";

    private ManagedObjects() {}

    /** One object the operator may have created, by kind and name. */
    public record Ref(String kind, String namespace, String name) {
        @Override
        public String toString() {
            return kind + " " + (namespace == null ? "" : namespace + "/") + name;
        }
    }

    /**
     * Everything the operator may have created for {@code context}, whether it keeps it now or not: what
     * cleanup removes (each only if labelled as ours), dependants first.
     */
    public static List<Ref> all(OperatorContext context) {
        return List.of(new Ref("SpiderCoordinator", null, context.coordinatorName()),
                new Ref("ValidatingWebhookConfiguration", null, context.validatingName()),
                new Ref("MutatingWebhookConfiguration", null, context.mutatingName()),
                new Ref("DaemonSet", context.namespace(), AGENT_NAME),
                new Ref("ConfigMap", context.namespace(), CONFIG_MAP_NAME));
    }

    /** The reference of a rendered object. */
    public static Ref ref(HasMetadata object) {
        return new Ref(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /** Whether the operator may write or delete {@code live}: only objects it labelled as its own. */
    public static boolean isManaged(HasMetadata live) {
        Map<String, String> labels = live.getMetadata() == null ? null : live.getMetadata().getLabels();
        return labels != null && OperatorGroup.MANAGED_BY.equals(labels.get(OperatorGroup.MANAGED_BY_LABEL));
    }

    /** Upstream's selector labels of a component ({@code app.kubernetes.io/name: spiderpool}, component). */
    static Map<String, String> selectorLabels(String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME_LABEL, "spiderpool");
        labels.put(COMPONENT_LABEL, component);
        return labels;
    }

    /** Metadata with the selector labels, our label and an owner reference to {@code owner}. */
    static ObjectMeta metadata(String name, String namespace, String component, Spiderpool owner) {
        Map<String, String> labels = selectorLabels(component);
        labels.put(OperatorGroup.MANAGED_BY_LABEL, OperatorGroup.MANAGED_BY);
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels)
                .withOwnerReferences(List.of(ownerReference(owner))).build();
    }

    /**
     * A controller reference to the cluster-scoped Spiderpool object; allowed from namespaced objects, so the
     * garbage collector removes them with it (the operator deletes them itself too, see the cleanup).
     */
    static OwnerReference ownerReference(Spiderpool owner) {
        return new OwnerReferenceBuilder().withApiVersion(OperatorGroup.API_VERSION).withKind("Spiderpool")
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(false).build();
    }
}
