package io.spidernet.spiderpool.core.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import java.util.List;

/**
 * Every kind with a CRD in deploy/crds, for the tests that cover them all: the kinds of
 * {@code spiderpool.spidernet.io/v2beta1} and the operator's {@code Spiderpool}.
 */
final class SpiderpoolKinds {
    static final List<Class<? extends CustomResource<?, ?>>> ALL = List.of(
            SpiderIPPool.class, SpiderSubnet.class, SpiderReservedIP.class, SpiderEndpoint.class,
            SpiderMultusConfig.class, SpiderCoordinator.class, Spiderpool.class);

    private SpiderpoolKinds() {}

    static Class<? extends CustomResource<?, ?>> byKind(String kind) {
        return ALL.stream().filter(c -> HasMetadata.getKind(c).equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a Spiderpool kind: " + kind));
    }

    static Class<? extends CustomResource<?, ?>> byCrdName(String crdName) {
        return ALL.stream().filter(c -> CustomResource.getCRDName(c).equals(crdName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a Spiderpool CRD: " + crdName));
    }
}
