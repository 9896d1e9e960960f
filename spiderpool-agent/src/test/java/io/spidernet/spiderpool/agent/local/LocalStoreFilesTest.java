package io.spidernet.spiderpool.agent.local;

import static io.spidernet.spiderpool.core.allocation.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.agent.ipam.EndpointRecord;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local store's own files (state, temporary, lock) are the agent's alone: created 0600 (the JVM's
 * umask, 022 here, would give 0644 otherwise) and never reached through a symbolic link, which an
 * attacker able to write the state directory could plant to make the agent read or overwrite another
 * file. Needs no root: links and modes of a temporary directory are enough.
 */
class LocalStoreFilesTest {
    private static final SpiderpoolConf CONF = SpiderpoolConf.defaults().withSpiderSubnet(false, false);
    @TempDir
    Path dir;
    private Path pools;
    private Path state;
    private Path lock;
    private final List<LocalPoolStore> opened = new ArrayList<>();

    @BeforeEach
    void manifests() throws IOException {
        pools = dir.resolve("pools");
        state = dir.resolve("run/state.json");
        lock = dir.resolve("run/state.json.lock");
        Files.createDirectories(state.getParent());
        ManifestFiles.write(pools, "v4.yaml", pool("v4", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
    }

    @AfterEach
    void close() {
        opened.forEach(LocalPoolStore::close);
    }

    private LocalPoolStore open() {
        LocalPoolStore s = LocalPoolStore.open(pools, state, new AtomicFileWriter(), CONF);
        opened.add(s);
        return s;
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    private static EndpointRecord record(String name) {
        return new EndpointRecord("default", name, "c-" + name, new PodIPAllocation("uid-" + name, "node-1", List.of()));
    }

    @Test
    void theStateFileAndItsLockAreCreatedOwnerOnly() throws IOException {
        open().putEndpoint(record("a"));

        assertThat(mode(state)).isEqualTo("rw-------");
        assertThat(mode(lock)).isEqualTo("rw-------");
    }

    @Test
    void aStateFileThatIsASymlinkStopsTheStartAndIsNotRead() throws IOException {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.json"), new String(LocalState.empty().encode(),
                StandardCharsets.UTF_8));
        Files.createSymbolicLink(state, elsewhere);

        assertThatThrownBy(this::open).isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("state file " + state.toAbsolutePath() + " is a symbolic link")
                .hasMessageContaining("remove the link");
        assertThat(Files.isSymbolicLink(state)).isTrue();
    }

    @Test
    void aLockFileThatIsASymlinkStopsTheStart() throws IOException {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.lock"), "");
        Files.createSymbolicLink(lock, elsewhere);

        assertThatThrownBy(this::open).isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("lock file " + lock.toAbsolutePath() + " is a symbolic link");
        assertThat(elsewhere).hasContent("");
    }

    @Test
    void anExistingStateFileOthersMayReadIsTightened() throws IOException {
        open().putEndpoint(record("a"));
        opened.removeFirst().close();
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(open().endpoints()).extracting(EndpointRecord::name).containsExactly("a");
        assertThat(mode(state)).isEqualTo("rw-------");
        assertThat(mode(lock)).isEqualTo("rw-------");
    }

    @Test
    void anExistingStateFileOthersMayWriteIsRefused() throws IOException {
        open().putEndpoint(record("a"));
        opened.removeFirst().close();
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(this::open).isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("state file " + state.toAbsolutePath() + " has mode rw-rw-rw-")
                .hasMessageContaining("chmod 600");
    }
}
