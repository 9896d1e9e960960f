package io.spidernet.spiderpool.cni.install;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a plugin tree must be before it is installed, over its listing alone (pure): the plugins are
 * at its top, each an executable file or a link that leads to one inside the tree; every link is
 * relative and stays inside (the tree is moved as a whole to the host, where an absolute or
 * climbing link would point at the host's files); paths are plain and bounded.
 */
public final class TreeRules {
    /** The names the container runtime executes; the tree answers to each (Personalities). */
    public static final List<String> PLUGINS = List.of("spiderpool", "coordinator", "ifacer");
    private static final int MAX_LINK_HOPS = 8;

    private TreeRules() {}

    /** Every problem of the tree, empty when it can be installed. */
    public static List<String> problems(List<TreeEntry> entries, List<String> plugins, InstallLimits limits) {
        List<String> problems = new ArrayList<>();
        Map<String, TreeEntry> byPath = new HashMap<>();
        long total = 0;
        for (TreeEntry e : entries) {
            byPath.put(e.path(), e);
            total += e.size();
            String pathProblem = pathProblem(e.path(), limits);
            if (pathProblem != null) {
                problems.add(pathProblem);
            } else if (e.kind() == TreeEntry.Kind.LINK) {
                String linkProblem = linkProblem(e, limits);
                if (linkProblem != null) {
                    problems.add(linkProblem);
                }
            }
        }
        if (entries.size() > limits.maxEntries()) {
            problems.add("the tree has more than " + limits.maxEntries() + " entries; is --source the plugin tree?");
        }
        if (total > limits.maxTotalBytes()) {
            problems.add("the tree's files add up to " + total + " bytes, more than " + limits.maxTotalBytes());
        }
        for (String plugin : plugins) {
            String pluginProblem = pluginProblem(plugin, byPath);
            if (pluginProblem != null) {
                problems.add(pluginProblem);
            }
        }
        return problems;
    }

    private static String pluginProblem(String plugin, Map<String, TreeEntry> byPath) {
        String path = plugin;
        for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
            TreeEntry e = byPath.get(path);
            if (e == null) {
                return hop == 0 ? "the plugin '" + plugin + "' is missing at the top of the tree"
                        : "the plugin '" + plugin + "' links to '" + path + "', which is not in the tree";
            }
            switch (e.kind()) {
                case FILE -> {
                    return e.executable() ? null : "the plugin '" + plugin + "' (" + path + ") is not executable by its owner";
                }
                case DIR -> {
                    return "the plugin '" + plugin + "' is a directory, not a program";
                }
                case LINK -> path = resolve(path, e.linkTarget());
            }
            if (path == null) {
                return "the plugin '" + plugin + "' links out of the tree";
            }
        }
        return "the plugin '" + plugin + "' is a chain of more than " + MAX_LINK_HOPS + " links";
    }

    private static String pathProblem(String path, InstallLimits limits) {
        if (path.isEmpty() || path.length() > limits.maxPathChars()) {
            return "the path '" + shorten(path) + "' is empty or longer than " + limits.maxPathChars() + " characters";
        }
        String[] parts = path.split("/", -1);
        if (parts.length > limits.maxDepth()) {
            return "'" + shorten(path) + "' is nested deeper than " + limits.maxDepth() + " directories";
        }
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.length() > 255 || hasControl(part)) {
                return "the path '" + shorten(path) + "' has an empty, '.', '..', over-long or control-character component";
            }
        }
        return null;
    }

    private static String linkProblem(TreeEntry link, InstallLimits limits) {
        String target = link.linkTarget();
        if (target.isEmpty() || target.length() > limits.maxPathChars() || hasControl(target)) {
            return "the link '" + shorten(link.path()) + "' has an empty, over-long or control-character target";
        }
        if (target.startsWith("/")) {
            return "the link '" + shorten(link.path()) + "' -> '" + shorten(target)
                    + "' is absolute; links in the tree must be relative (the tree moves to the host as a whole)";
        }
        if (resolve(link.path(), target) == null) {
            return "the link '" + shorten(link.path()) + "' -> '" + shorten(target) + "' leads out of the tree";
        }
        return null;
    }

    /** The tree path a relative link at {@code linkPath} leads to, or null when it climbs out. */
    static String resolve(String linkPath, String target) {
        List<String> parts = new ArrayList<>(List.of(linkPath.split("/")));
        parts.remove(parts.size() - 1);
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static String shorten(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
