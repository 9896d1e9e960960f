package io.spidernet.spiderpool.agent.socket;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The agent's unix socket files, which are its node API's only door: connecting needs write
 * permission on the socket, so each is its owner's (root's) alone, and never for a moment wider.
 * A socket file left by an agent that died is removed; a socket somebody still answers on, or a
 * path that is not a socket at all, is an error rather than something to delete.
 */
public final class SocketFiles {
    private static final int TYPE_MASK = 0170000;
    private static final int SOCKET = 0140000;
    private static final int DIRECTORY = 0040000;
    static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR = PosixFilePermissions.asFileAttribute(OWNER_RWX);

    private SocketFiles() {}

    /**
     * Binds a listening socket at {@code path} that nobody but its owner can ever connect to. bind(2)
     * creates the file with the umask's mode, so it is bound inside a fresh 0700 directory next to
     * {@code path} (the same file system), made 0600 there, and renamed into place; rename(2) keeps
     * the listening inode, so clients reach the server at {@code path} from the first moment it exists.
     */
    public static ServerSocketChannel bindPrivate(Path path) throws IOException {
        prepare(path);
        Path dir = Files.createTempDirectory(path.toAbsolutePath().getParent(), ".bind-", PRIVATE_DIR);
        Path inside = dir.resolve("s");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(inside));
            Files.setPosixFilePermissions(inside, OWNER_RW);
            Files.move(inside, path, StandardCopyOption.ATOMIC_MOVE);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(inside);
            throw e;
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A directory only its owner can enter, for a socket another component binds with the umask's
     * mode (Vert.x for gRPC): while the directory is 0700 the socket in it is unreachable to others,
     * whatever its own mode. An existing directory must be a real directory (not a symlink that could
     * lead elsewhere) owned by this process; a wider mode is tightened.
     */
    public static void privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir.toAbsolutePath().getParent());
        try {
            Files.createDirectory(dir, PRIVATE_DIR);
        } catch (FileAlreadyExistsException exists) {
            int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & TYPE_MASK) != DIRECTORY) {
                throw new IOException(dir.toAbsolutePath() + " exists and is not a directory (a symlink is refused too);"
                        + " remove it or choose another socket path");
            }
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int self = ownUid();
            if (owner != self) {
                throw new AccessDeniedException(dir.toAbsolutePath().toString(), null, "owned by uid " + owner
                        + ", not by this agent (uid " + self + "); remove it or choose another socket path");
            }
        }
        // also for a directory just made: the umask may have taken bits, never added any, but an existing one may be wider
        Files.setPosixFilePermissions(dir, OWNER_RWX);
    }

    /** Makes a socket its owner's only, once the component that bound it is listening. */
    public static void ownerOnly(Path socket) throws IOException {
        Files.setPosixFilePermissions(socket, OWNER_RW);
    }

    /** Removes a stale socket at {@code path} and makes sure its directory exists. */
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

    /** The owner of what this process creates: /proc/self belongs to the process's effective uid. */
    private static int ownUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static boolean answers(Path path) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException refused) {
            return false;
        }
    }
}
