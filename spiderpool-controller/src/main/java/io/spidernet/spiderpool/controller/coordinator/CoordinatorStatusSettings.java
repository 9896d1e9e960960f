package io.spidernet.spiderpool.controller.coordinator;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The status controller's settings, from upstream's variables: {@code SPIDERPOOL_COORDINATOR_ENABLED},
 * {@code SPIDERPOOL_COORDINATOR_DEAFULT_NAME} (sic; the correct spelling is read too),
 * {@code SPIDERPOOL_CNI_CONFIG_DIR}, {@code SPIDERPOOL_CILIUM_CONFIGMAP_NAMESPACE_NAME},
 * {@code SPIDERPOOL_COORDINATOR_INFORMER_RESYNC_PERIOD}.
 *
 * @param debounce how long a burst of events is gathered into one recompute
 */
public record CoordinatorStatusSettings(boolean enabled, String coordinatorName, Path cniConfigDir, String ciliumConfigMap,
                                        Duration resyncPeriod, Duration debounce) {
    public CoordinatorStatusSettings {
        if (coordinatorName == null || coordinatorName.isBlank()) {
            throw new IllegalArgumentException("SPIDERPOOL_COORDINATOR_DEAFULT_NAME is empty; name the SpiderCoordinator"
                    + " (the chart's is default)");
        }
        String[] nsName = ciliumConfigMap == null ? new String[0] : ciliumConfigMap.split("/", -1);
        if (nsName.length != 2 || nsName[0].isBlank() || nsName[1].isBlank()) {
            throw new IllegalArgumentException("SPIDERPOOL_CILIUM_CONFIGMAP_NAMESPACE_NAME is \"" + ciliumConfigMap
                    + "\"; it must be namespace/name, such as kube-system/cilium-config");
        }
        if (resyncPeriod.isNegative() || resyncPeriod.isZero()) {
            throw new IllegalArgumentException("SPIDERPOOL_COORDINATOR_INFORMER_RESYNC_PERIOD is " + resyncPeriod
                    + "; it must be positive (upstream's default is 60 seconds)");
        }
    }
}
