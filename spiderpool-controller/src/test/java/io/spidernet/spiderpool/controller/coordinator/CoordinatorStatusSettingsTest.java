package io.spidernet.spiderpool.controller.coordinator;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Bad settings stop the controller at start with the variable to fix, not the leader later. */
class CoordinatorStatusSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"cilium-config", "kube-system/", "/cilium-config", "a/b/c", ""})
    void aCiliumConfigMapNotNamespaceSlashNameIsRefused(String value) {
        assertThatThrownBy(() -> settings("default", value, Duration.ofSeconds(60)))
                .hasMessageContaining("SPIDERPOOL_CILIUM_CONFIGMAP_NAMESPACE_NAME").hasMessageContaining("namespace/name");
    }

    @Test
    void anEmptyNameOrANonPositiveResyncIsRefused() {
        assertThatThrownBy(() -> settings(" ", "kube-system/cilium-config", Duration.ofSeconds(60)))
                .hasMessageContaining("SPIDERPOOL_COORDINATOR_DEAFULT_NAME");
        assertThatThrownBy(() -> settings("default", "kube-system/cilium-config", Duration.ZERO))
                .hasMessageContaining("SPIDERPOOL_COORDINATOR_INFORMER_RESYNC_PERIOD");
    }

    private static CoordinatorStatusSettings settings(String name, String cilium, Duration resync) {
        return new CoordinatorStatusSettings(true, name, Path.of("/etc/cni/net.d"), cilium, resync, Duration.ofMillis(200));
    }
}
