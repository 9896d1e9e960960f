package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.util.Optional;

/**
 * Multus's NetworkAttachmentDefinitions ({@code k8s.cni.cncf.io/v1}), read and written as generic
 * objects: Spiderpool has no model of them, and their CRD is Multus's. The resource is named here
 * rather than discovered, so a cluster without Multus answers 404 (no NAD) instead of failing the
 * client before any request.
 */
public final class MultusConfigNads {
    public static final String API_VERSION = "k8s.cni.cncf.io/v1";
    public static final String KIND = "NetworkAttachmentDefinition";
    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder().withGroup("k8s.cni.cncf.io")
            .withVersion("v1").withKind(KIND).withPlural("network-attachment-definitions").withNamespaced(true).build();

    private MultusConfigNads() {}

    public static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> of(
            KubernetesClient client) {
        return client.genericKubernetesResources(CONTEXT);
    }

    /** The NAD's metadata, or empty when there is none of that name (or no NAD kind at all). */
    public static Optional<ObjectMeta> metadata(KubernetesClient client, String namespace, String name) {
        return Optional.ofNullable(of(client).inNamespace(namespace).withName(name).get()).map(GenericKubernetesResource::getMetadata);
    }
}
