package io.spidernet.spiderpool.agent.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private directory the gRPC socket is bound in, and the CNI socket's window-free bind. */
class SocketFilesTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewDirectoryIsTheOwnersAlone() throws IOException {
        Path d = dir.resolve("a/b/spiderpool.sock.d");
        SocketFiles.privateDirectory(d);
        assertThat(mode(d)).isEqualTo("rwx------");
    }

    @Test
    void anExistingWiderDirectoryIsTightened() throws IOException {
        Path d = Files.createDirectory(dir.resolve("spiderpool.sock.d"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        SocketFiles.privateDirectory(d);
        assertThat(mode(d)).isEqualTo("rwx------");
    }

    @Test
    void aSymlinkInItsPlaceIsRefusedAndItsTargetLeftAlone() throws IOException {
        Path target = Files.createDirectory(dir.resolve("elsewhere"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path link = Files.createSymbolicLink(dir.resolve("spiderpool.sock.d"), target);

        assertThatThrownBy(() -> SocketFiles.privateDirectory(link)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a directory (a symlink is refused too)");
        assertThat(mode(target)).isEqualTo("rwxr-xr-x");
    }

    @Test
    void aDirectoryOwnedBySomebodyElseIsRefused() throws IOException {
        Assumptions.assumeTrue((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0,
                "needs root to give a directory to another user");
        Path d = Files.createDirectory(dir.resolve("spiderpool.sock.d"));
        Files.setAttribute(d, "unix:uid", 65534);

        assertThatThrownBy(() -> SocketFiles.privateDirectory(d)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("owned by uid 65534, not by this agent");
    }

    @Test
    void aBoundSocketIsOwnerOnlyAndNothingIsLeftBesideIt() throws IOException {
        Path socket = dir.resolve("run/s.sock");
        try (ServerSocketChannel server = SocketFiles.bindPrivate(socket)) {
            assertThat(server.isOpen()).isTrue();
            assertThat(mode(socket)).isEqualTo("rw-------");
            try (var files = Files.list(socket.getParent())) {
                assertThat(files).containsExactly(socket);
            }
        }
    }
}
