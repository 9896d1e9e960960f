package io.spidernet.spiderpool.agent.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive ownership of a state file for the life of a store, so that two agents (or two stores
 * in one JVM) never interleave read-modify-write cycles on it. The lock is on a separate
 * {@code <state>.lock} file because the state file itself is replaced by rename on every write,
 * which would leave a lock on the old inode. The holder's pid is written into it for the error
 * message of whoever comes second. Like the state, it is 0600 and never opened through a link.
 */
final class StateFileLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StateFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StateFileLock acquire(Path stateFile) {
        Path lockFile = stateFile.resolveSibling(stateFile.getFileName() + ".lock");
        FileChannel ch = null;
        try {
            ch = OwnerOnlyFiles.open(lockFile, "lock file", StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            OwnerOnlyFiles.tighten(lockFile, "lock file");
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(ch);
                ch.close();
                throw new LocalStoreException("state file " + stateFile.toAbsolutePath() + " is in use by another spiderpool-agent"
                        + holder + " (lock " + lockFile.toAbsolutePath() + "); stop it or give this agent another"
                        + " spiderpool.agent.local.state-file");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new StateFileLock(ch, lock);
        } catch (LocalStoreException e) {
            closeQuietly(ch);
            throw e;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new LocalStoreException("cannot lock state file " + stateFile.toAbsolutePath() + " through " + lockFile
                    + ": " + e.getMessage(), e);
        }
    }

    /** Read through the channel already open: the path is not looked up again. */
    private static String holder(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            ch.read(buf, 0);
            String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing with the error that matters
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new LocalStoreException("cannot release the state file lock: " + e.getMessage(), e);
        }
    }
}
