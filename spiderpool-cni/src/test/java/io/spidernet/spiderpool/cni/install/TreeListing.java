package io.spidernet.spiderpool.cni.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What "an install changed nothing" is compared on, here and in the system tests (test-jar). */
public final class TreeListing {
    private TreeListing() {}

    /** Every path under {@code root} with its kind, permissions, modification time and link target. */
    public static Map<String, String> of(Path root) throws IOException {
        Map<String, String> listing = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String link = Files.isSymbolicLink(p) ? " -> " + Files.readSymbolicLink(p) : "";
                listing.put(root.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p,
                        LinkOption.NOFOLLOW_LINKS)) + " " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS) + link);
            }
        }
        return listing;
    }
}
