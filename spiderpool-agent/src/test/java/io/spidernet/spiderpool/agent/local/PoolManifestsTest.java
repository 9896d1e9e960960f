package io.spidernet.spiderpool.agent.local;

import static io.spidernet.spiderpool.core.allocation.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolManifestsTest {
    private static final SpiderpoolConf CONF = SpiderpoolConf.defaults().withSpiderSubnet(false, false);
    @TempDir
    Path dir;

    @Test
    void theExamplesLoadWithTheirPoolsAndReservedIpsAndOtherKindsSkipped() {
        PoolManifests m = PoolManifests.load(Path.of("..", "deploy", "examples"), CONF);
        assertThat(m.pools()).extracting(p -> p.getMetadata().getName()).contains("default-v4-ippool", "default-v6-ippool");
        assertThat(m.reservedIps()).isNotEmpty();
    }

    @Test
    void severalDocumentsPerFileAndPoolsAreDefaultedLikeTheWebhookDoes() throws IOException {
        Files.writeString(dir.resolve("pools.yml"), """
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderIPPool
                metadata: {name: a}
                spec: {subnet: 10.1.0.0/24, ips: [10.1.0.20-10.1.0.29, 10.1.0.10]}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: ignored}
                ---
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderIPPool
                metadata: {name: b}
                spec: {subnet: "fd00::/120", ips: ["fd00::10"]}
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");

        PoolManifests m = PoolManifests.load(dir, CONF);

        assertThat(m.pools()).extracting(p -> p.getMetadata().getName()).containsExactly("a", "b");
        SpiderIPPool a = m.pools().getFirst();
        assertThat(a.getSpec().getIpVersion().number()).isEqualTo(4);
        assertThat(a.getSpec().getIps()).containsExactly("10.1.0.10", "10.1.0.20-10.1.0.29");
    }

    @Test
    void aFileThatIsNotYamlIsNamed() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "kind: SpiderIPPool\nspec: [unclosed");
        assertThatThrownBy(() -> PoolManifests.load(dir, CONF)).isInstanceOf(LocalStoreException.class)
                .hasMessageContaining(bad.toAbsolutePath().toString()).hasMessageContaining("not valid YAML");
    }

    @Test
    void aMisspelledFieldIsAnErrorNotASilentlyDifferentPool() throws IOException {
        Files.writeString(dir.resolve("typo.yaml"), """
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderIPPool
                metadata: {name: typo}
                spec: {subnet: 10.1.0.0/24, ipz: [10.1.0.10]}
                """);
        assertThatThrownBy(() -> PoolManifests.load(dir, CONF)).isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("typo.yaml").hasMessageContaining("SpiderIPPool 'typo' is refused").hasMessageContaining("ipz");
    }

    @Test
    void aPoolTheWebhookWouldRefuseIsRefusedWithTheRule() {
        ManifestFiles.write(dir, "a.yaml", pool("a", "10.1.0.0/24", List.of("10.1.0.10-10.1.0.20")));
        ManifestFiles.write(dir, "b.yaml", pool("b", "10.1.0.0/24", List.of("10.1.0.15")));
        assertThatThrownBy(() -> PoolManifests.load(dir, CONF)).isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("b.yaml").hasMessageContaining("SpiderIPPool 'b' is refused").hasMessageContaining("10.1.0.15");
    }

    @Test
    void aNameUsedTwiceNamesBothFiles() {
        ManifestFiles.write(dir, "a.yaml", pool("same", "10.1.0.0/24", List.of("10.1.0.10")));
        ManifestFiles.write(dir, "b.yaml", pool("same", "10.2.0.0/24", List.of("10.2.0.10")));
        assertThatThrownBy(() -> PoolManifests.load(dir, CONF)).isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("b.yaml").hasMessageContaining("already used in").hasMessageContaining("a.yaml");
    }

    @Test
    void aMissingDirectoryTellsWhichSettingToChange() {
        assertThatThrownBy(() -> PoolManifests.load(dir.resolve("nope"), CONF)).isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("spiderpool.agent.local.pools-dir");
    }
}
