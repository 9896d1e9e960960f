package io.spidernet.spiderpool.cni.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The layout the installer keeps in the CNI bin directory, and reading it back:
 * <pre>
 *   TARGET/spiderpool, coordinator, ifacer   entry scripts ({@link EntryScript})
 *   TARGET/spiderpool.d/VERSION/             one installed plugin tree per content hash
 *   TARGET/spiderpool.d/current, previous    links to the version run now, and the one before
 *   TARGET/spiderpool.d/.lock                held by the running installer
 *   TARGET/spiderpool.d/.tmp-*               a copy or deletion in progress (or interrupted)
 * </pre>
 */
public final class TargetDir {
    static final String VERSIONS_DIR = "spiderpool.d";
    static final String CURRENT = "current";
    static final String PREVIOUS = "previous";
    static final String LOCK = ".lock";
    static final String TEMP_PREFIX = ".tmp-";
    private static final Pattern VERSION_NAME = Pattern.compile("[0-9a-f]{" + PluginTree.VERSION_CHARS + "}");

    private final Path target;

    public TargetDir(Path target) {
        this.target = target;
    }

    public Path target() {
        return target;
    }

    public Path versions() {
        return target.resolve(VERSIONS_DIR);
    }

    public Path version(String version) {
        return versions().resolve(version);
    }

    static boolean isVersionName(String name) {
        return VERSION_NAME.matcher(name).matches();
    }

    public TargetState read(List<String> plugins, InstallLimits limits) throws IOException, InstallFailure {
        Map<String, String> scripts = new HashMap<>();
        for (String plugin : plugins) {
            smallFile(target.resolve(plugin)).ifPresent(text -> scripts.put(plugin, text));
        }
        if (!Files.isDirectory(versions(), LinkOption.NOFOLLOW_LINKS)) {
            return new TargetState(Map.of(), Optional.empty(), Optional.empty(), scripts, Set.of());
        }
        Map<String, Instant> versions = new HashMap<>();
        Set<String> leftovers = new HashSet<>();
        int seen = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(versions())) {
            for (Path p : dir) {
                if (++seen > limits.maxTargetEntries()) {
                    throw new InstallFailure(versions() + " holds more than " + limits.maxTargetEntries()
                            + " entries; the installer keeps a handful there: remove what you put in it by hand");
                }
                String name = p.getFileName().toString();
                BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (name.startsWith(TEMP_PREFIX)) {
                    leftovers.add(name);
                } else if (attrs.isDirectory() && isVersionName(name)) {
                    versions.put(name, attrs.lastModifiedTime().toInstant());
                }
            }
        }
        return new TargetState(versions, link(CURRENT, versions), link(PREVIOUS, versions), scripts, leftovers);
    }

    /** A version link's target, when it is a plain version name (links are written relative, as the bare name). */
    private Optional<String> link(String name, Map<String, Instant> versions) throws IOException {
        Path link = versions().resolve(name);
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        String to = Files.readSymbolicLink(link).toString();
        return isVersionName(to) && versions.containsKey(to) ? Optional.of(to) : Optional.empty();
    }

    private static Optional<String> smallFile(Path p) throws IOException {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) > EntryScript.MAX_BYTES) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(new String(in.readNBytes(EntryScript.MAX_BYTES + 1), StandardCharsets.UTF_8));
        }
    }
}
