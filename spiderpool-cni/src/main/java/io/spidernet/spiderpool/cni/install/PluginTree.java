package io.spidernet.spiderpool.cni.install;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A plugin tree on disk: its listing (walked without following links, stopping past the limits)
 * and its content hash, which names the version directory on the host. The hash covers every
 * path, kind, permission, link target and file byte, so equal hashes mean trees that behave the
 * same, and a copy whose hash matches its name is complete.
 */
public final class PluginTree {
    /** Hex digits of the SHA-256 that name a version: 64 bits, plenty for the few versions a node sees. */
    public static final int VERSION_CHARS = 16;

    private PluginTree() {}

    /** The entries under {@code root} (not the root itself), sorted by path so that parents come first. */
    public static List<TreeEntry> list(Path root, InstallLimits limits) throws IOException, InstallFailure {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new InstallFailure(root + " is not a directory (or is a link to one): the plugin tree must be a real directory");
        }
        List<TreeEntry> entries = new ArrayList<>();
        Files.walkFileTree(root, Set.of(), limits.maxDepth() + 1, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root)) {
                    entries.add(TreeEntry.dir(relative(root, dir), mode(dir)));
                }
                return entries.size() > limits.maxEntries() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String path = relative(root, file);
                if (attrs.isSymbolicLink()) {
                    entries.add(TreeEntry.link(path, Files.readSymbolicLink(file).toString()));
                } else if (attrs.isRegularFile()) {
                    entries.add(TreeEntry.file(path, mode(file), attrs.size()));
                } else if (attrs.isDirectory()) {
                    // only reached past the depth limit: listed, so that the rules report the depth
                    entries.add(TreeEntry.dir(path, mode(file)));
                } else {
                    throw new IOException(file + " is neither a file, a directory nor a link; the plugin tree holds only those");
                }
                return entries.size() > limits.maxEntries() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }
        });
        entries.sort(Comparator.comparing(TreeEntry::path));
        return entries;
    }

    /** The version name of the tree at {@code root} with this listing; fails when a file changed size meanwhile. */
    public static String hash(Path root, List<TreeEntry> entries) throws IOException, InstallFailure {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[1 << 16];
        for (TreeEntry e : entries) {
            sha.update((e.kind() + " " + Integer.toOctalString(e.mode()) + " " + e.path() + "\n").getBytes(UTF_8));
            switch (e.kind()) {
                case LINK -> sha.update((e.linkTarget() + "\n").getBytes(UTF_8));
                case FILE -> {
                    sha.update((e.size() + "\n").getBytes(UTF_8));
                    long read = 0;
                    try (InputStream in = Files.newInputStream(root.resolve(e.path()), LinkOption.NOFOLLOW_LINKS)) {
                        for (int n; (n = in.read(buffer)) > 0 && read <= e.size(); read += n) {
                            sha.update(buffer, 0, n);
                        }
                    } catch (NoSuchFileException gone) {
                        read = -1;
                    }
                    if (read != e.size()) {
                        throw new InstallFailure(root.resolve(e.path()) + " changed while it was read; run the installer again"
                                + " once nothing writes to " + root);
                    }
                }
                case DIR -> { }
            }
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, VERSION_CHARS);
    }

    static int mode(Path p) throws IOException {
        int mode = 0;
        for (PosixFilePermission perm : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) {
            mode |= 1 << (8 - perm.ordinal()); // OWNER_READ is ordinal 0 = bit 8 (0400) ... OTHERS_EXECUTE = bit 0
        }
        return mode;
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
