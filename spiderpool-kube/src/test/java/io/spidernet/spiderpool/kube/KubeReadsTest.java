package io.spidernet.spiderpool.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/** 404 is absence; any other failure is no proof of absence and reaches the caller. */
class KubeReadsTest {

    private static String failing(int code) {
        throw new KubernetesClientException("answered " + code, code, null);
    }

    @Test
    void notFoundAndNothingAreAbsent() {
        assertThat(KubeReads.orAbsent(() -> failing(404))).isEmpty();
        assertThat(KubeReads.orAbsent(() -> null)).isEmpty();
        assertThat(KubeReads.orAbsent(() -> "x")).contains("x");
    }

    @Test
    void anotherFailureIsThrownAsTheClientThrewIt() {
        assertThatThrownBy(() -> KubeReads.orAbsent(() -> failing(500))).isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("answered 500");
    }

    @Test
    void aNamedReadReportsAnotherFailureAsTheStoresNamingWhatItRead() {
        assertThat(KubeReads.orAbsent(() -> failing(404), "Pod ns/a")).isEmpty();
        assertThatThrownBy(() -> KubeReads.orAbsent(() -> failing(503), "Pod ns/a"))
                .isInstanceOf(KubernetesStoreException.class).hasMessageStartingWith("cannot read Pod ns/a: ")
                .hasCauseInstanceOf(KubernetesClientException.class);
    }
}
