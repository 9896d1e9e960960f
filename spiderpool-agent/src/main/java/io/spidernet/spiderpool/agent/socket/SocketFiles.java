package io.spidernet.spiderpool.agent.socket;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Getting a socket path ready to bind: its directory exists, and a socket file left by an agent
 * that died is removed. A socket somebody still answers on, or a path that is not a socket at all,
 * is an error rather than something to delete.
 */
public final class SocketFiles {
    private static final int TYPE_MASK = 0170000;
    private static final int SOCKET = 0140000;

    private SocketFiles() {}

    public static void prepare(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & TYPE_MASK) != SOCKET) {
            throw new IOException(path.toAbsolutePath() + " exists and is not a socket; remove it or choose another path");
        }
        if (answers(path)) {
            throw new IOException("another process is serving " + path.toAbsolutePath() + "; stop it first");
        }
        Files.delete(path);
    }

    private static boolean answers(Path path) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException refused) {
            return false;
        }
    }
}
