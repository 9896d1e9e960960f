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

    @Test
    void anAliasBombIsRefusedNamingTheFile() throws IOException {
        StringBuilder bomb = new StringBuilder("apiVersion: spiderpool.spidernet.io/v2beta1\nkind: SpiderIPPool\n"
                + "metadata: {name: lol}\nspec:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level < 9; level++) {
            bomb.append("  l").append(level).append(": &l").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (level - 1)))).append("]\n");
        }
        Path file = Files.writeString(dir.resolve("bomb.yaml"), bomb);

        for (String run : List.of("first time in this JVM", "again")) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> PoolManifests.load(dir, CONF)).isInstanceOf(LocalStoreException.class)
                    .hasMessageStartingWith("manifest " + file.toAbsolutePath() + " uses the YAML alias *l0")
                    .hasMessageContaining("at most 0");
            System.out.printf("alias bomb manifest refused in %d ms (%s)%n", (System.nanoTime() - t0) / 1_000_000, run);
        }
    }

    @Test
    void aTenMegabyteManifestIsRefusedNamingTheFileAndTheLimit() throws IOException {
        StringBuilder big = new StringBuilder(11 << 20).append("apiVersion: spiderpool.spidernet.io/v2beta1\n"
                + "kind: SpiderIPPool\nmetadata: {name: big}\nspec:\n  subnet: 10.0.0.0/8\n  ips:\n");
        while (big.length() < 10 << 20) {
            big.append("  - 10.0.0.1\n");
        }
        Path file = Files.writeString(dir.resolve("big.yaml"), big);

        for (String run : List.of("first time in this JVM", "again")) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> PoolManifests.load(dir, CONF)).isInstanceOf(LocalStoreException.class)
                    .hasMessageStartingWith("manifest " + file.toAbsolutePath() + " is " + Files.size(file) + " bytes, more"
                            + " than the limit of 1048576 bytes");
            System.out.printf("10 MB manifest refused in %d ms (%s)%n", (System.nanoTime() - t0) / 1_000_000, run);
        }
    }
}
