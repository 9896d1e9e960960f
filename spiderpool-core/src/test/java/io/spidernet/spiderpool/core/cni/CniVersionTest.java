package io.spidernet.spiderpool.core.cni;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CniVersionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "{\"cniVersion\":\"0.4.0\"}|0.4.0",
        "{\"cniVersion\":\"1.1.0\"}|1.1.0",
        "{\"cniVersion\":7}|NULL",
        "{}|NULL",
        "[]|NULL",
        "not json|NULL",
        "''|NULL"})
    void readsTheDeclaredVersionLeniently(String config, String declared) {
        assertThat(CniVersion.declaredIn(config)).isEqualTo(declared);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"cniVersion\":\"0.3.0\",\"name\":7}|0.3.0",
        "{\"cniVersion\":\"0.3.1\"}|0.3.1",
        "{\"cniVersion\":\"0.2.0\"}|1.0.0",
        "{\"cniVersion\":\"0.3.0\",|1.0.0",
        "''|1.0.0"})
    void answersErrorsInTheCallersVersionWhenItIsSupported(String config, String reply) {
        assertThat(CniVersion.replyVersionFor(config).text()).isEqualTo(reply);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "0.4.0|{\"cniVersion\":\"0.4.0\",\"supportedVersions\":[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]}",
        "1.1.0|{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]}",
        "NULL|{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]}"})
    void versionReplyEchoesTheCallersVersion(String requested, String golden) {
        assertThat(CniVersion.versionReply(requested)).isEqualTo(golden);
    }
}
