package io.spidernet.spiderpool.cni.install;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * File operations whose result is whole or absent after a crash or power loss: data is synced
 * before the rename that makes it visible, and the directory after it.
 */
final class DurableFiles {
    private DurableFiles() {}

    /** Copies a listed tree to {@code to} (which must not exist), permissions and links included, all synced. */
    static void copyTree(Path from, List<TreeEntry> entries, Path to) throws IOException {
        Files.createDirectory(to);
        for (TreeEntry e : entries) {
            Path dest = to.resolve(e.path());
            switch (e.kind()) {
                case DIR -> Files.createDirectory(dest);
                case LINK -> Files.createSymbolicLink(dest, Path.of(e.linkTarget()));
                case FILE -> {
                    Files.copy(from.resolve(e.path()), dest, NOFOLLOW_LINKS);
                    Files.setPosixFilePermissions(dest, permissions(e.mode()));
                    sync(dest);
                }
            }
        }
        // directories last, deepest first: a read-only directory would refuse its own entries
        for (int i = entries.size() - 1; i >= 0; i--) {
            TreeEntry e = entries.get(i);
            if (e.kind() == TreeEntry.Kind.DIR) {
                sync(to.resolve(e.path()));
                Files.setPosixFilePermissions(to.resolve(e.path()), permissions(e.mode()));
            }
        }
        sync(to);
    }

    /** Writes {@code text} to {@code dest} through a synced temp file in the same directory and a rename. */
    static void replace(Path dest, byte[] content, int mode) throws IOException {
        Path temp = dest.resolveSibling(TargetDir.TEMP_PREFIX + dest.getFileName() + "-" + ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(temp);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(content));
                ch.force(true);
            }
            Files.setPosixFilePermissions(temp, permissions(mode));
            Files.move(temp, dest, ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        sync(dest.getParent());
    }

    /** Points the link {@code dest} at {@code to}, replacing it by rename. */
    static void relink(Path dest, String to) throws IOException {
        Path temp = dest.resolveSibling(TargetDir.TEMP_PREFIX + dest.getFileName() + "-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        Files.createSymbolicLink(temp, Path.of(to));
        try {
            Files.move(temp, dest, ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes a tree without following links; read-only directories are made writable first. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(dir, permissions(0700));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void sync(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - p.ordinal()))) != 0) {
                perms.add(p);
            }
        }
        return perms;
    }
}
