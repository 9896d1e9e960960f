package io.spidernet.spiderpool.agent.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Write-to-temporary, fsync, rename, fsync the directory. The rename is atomic within one file
 * system, which is why the temporary file sits next to the target; the first fsync makes sure the
 * renamed file has its data (else a crash can leave a renamed but empty file), the second that the
 * rename itself survives a power loss. One fixed temporary name: only the lock holder writes, and a
 * leftover from a crash is removed first, so the file written is always a new one, created 0600 and
 * never reached through a link ({@link OwnerOnlyFiles}); the state file is that file once renamed.
 */
public final class AtomicFileWriter implements StateFileWriter {

    /** The temporary file used for {@code target}; a leftover one is garbage from an interrupted write. */
    public static Path temporaryFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp");
    }

    @Override
    public void replace(Path target, byte[] content) throws IOException {
        Path tmp = temporaryFor(target);
        // removing a leftover (or a link planted there) means CREATE_NEW makes the file, with our mode
        Files.deleteIfExists(tmp);
        try (FileChannel ch = OwnerOnlyFiles.open(tmp, "temporary state file", StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    private static void syncDirectory(Path dir) throws IOException {
        // Linux lets a directory be opened read-only and fsync'ed; that is what persists the rename
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
