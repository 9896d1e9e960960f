package io.spidernet.spiderpool.agent.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * How the local store opens its own files (state, temporary, lock): never through a symbolic link,
 * and created readable and writable by the agent's user only. The state decides which addresses are
 * free; a link planted in the state directory would let whoever can write there point the agent at
 * another file (read it as allocations, or overwrite it on the next write), and a file others can
 * write lets them hand out addresses in use. The mode is given at creation, so there is no moment
 * in which a new file is wider.
 *
 * <p>An existing file that others may read (the mode a previous release created them with, under
 * the usual umask 022) is tightened to 0600 and logged: its content was never secret, and refusing
 * would stop every upgraded node. One that others may <em>write</em> is refused: its content may no
 * longer be what this agent wrote, and only an operator can tell.
 */
final class OwnerOnlyFiles {
    private static final Logger LOG = Logger.getLogger(OwnerOnlyFiles.class);
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_AT_CREATION =
            PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    private static final Set<PosixFilePermission> OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private OwnerOnlyFiles() {
    }

    /**
     * Opens {@code file} with {@code options} plus {@code NOFOLLOW_LINKS}; when the options create it,
     * it is created 0600. {@code role} names the file in errors ("state file", "lock file").
     */
    static FileChannel open(Path file, String role, OpenOption... options) throws IOException {
        Set<OpenOption> all = new HashSet<>(List.of(options));
        all.add(LinkOption.NOFOLLOW_LINKS);
        try {
            return FileChannel.open(file, all, OWNER_ONLY_AT_CREATION);
        } catch (IOException e) {
            // O_NOFOLLOW on a link fails with ELOOP, whose text says nothing about links: name the cause
            if (Files.isSymbolicLink(file)) {
                throw symlink(file, role);
            }
            throw e;
        }
    }

    /**
     * Makes an existing {@code file} 0600 when others may only read it; refuses it when others may
     * write it (see the class comment for why the two differ).
     */
    static void tighten(Path file, String role) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (mode.equals(OWNER_ONLY)) {
            return;
        }
        if (mode.stream().anyMatch(OTHERS_WRITE::contains)) {
            throw new LocalStoreException(role + " " + file.toAbsolutePath() + " has mode "
                    + PosixFilePermissions.toString(mode) + ": users other than the agent's may have changed it; check"
                    + " its content, then make it rw------- (chmod 600) and start again");
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        LOG.infof("%s %s had mode %s; made it rw------- (only the agent reads and writes it)", role,
                file.toAbsolutePath(), PosixFilePermissions.toString(mode));
    }

    private static LocalStoreException symlink(Path file, String role) {
        return new LocalStoreException(role + " " + file.toAbsolutePath() + " is a symbolic link, which the agent does"
                + " not follow for its own files: remove the link (move the real file into its place if it holds the"
                + " state), or point spiderpool.agent.local.state-file at the real location");
    }
}
