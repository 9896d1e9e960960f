package io.spidernet.spiderpool.cni.install;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The installer's command line (the agent image's init container runs it; the contract is fixed
 * in the issue-14 notes):
 * {@code install-cni --source DIR --target DIR [--cleanup-after=SECONDS]
 * [--conf-source FILE --conf-dir DIR [--conf-name NAME]]}. Both {@code --opt value} and
 * {@code --opt=value} are accepted. Pure: nothing here touches the file system.
 */
public record InstallOptions(Path source, Path target, Duration cleanupAfter, Optional<ConfFile> conf) {
    /** The optional CNI network configuration to install: {@code source} copied to {@code dir/name}. */
    public record ConfFile(Path source, Path dir, String name) {}

    public static final Duration DEFAULT_CLEANUP_AFTER = Duration.ofSeconds(600);
    static final long MAX_CLEANUP_SECONDS = Duration.ofDays(7).toSeconds();
    static final int MAX_ARGUMENTS = 32;
    static final int MAX_PATH_CHARS = 4096;
    /** libcni reads files with these extensions; the name must not climb out of the conf dir. */
    private static final Pattern CONF_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.(conf|conflist|json)");
    private static final List<String> KNOWN = List.of("--source", "--target", "--cleanup-after", "--conf-source",
            "--conf-dir", "--conf-name");

    public static final String USAGE = """
            usage: install-cni --source DIR --target DIR [--cleanup-after=SECONDS]
                               [--conf-source FILE --conf-dir DIR [--conf-name NAME]]
              --source DIR          the packaged plugin tree (spiderpool, coordinator, ifacer, spiderpool.jvm/)
              --target DIR          the host's CNI bin directory, mounted read-write (e.g. /host/opt/cni/bin)
              --cleanup-after=SECS  versions older than the previous one are removed this long after they
                                    stopped being current (default 600, at most 604800)
              --conf-source FILE    a CNI network configuration to install as well (JSON, at most 64 KiB)
              --conf-dir DIR        the host's CNI configuration directory (e.g. /host/etc/cni/net.d)
              --conf-name NAME      the file name there (*.conf, *.conflist or *.json; default: FILE's name)
            exit status: 0 installed or already current, 1 error, 2 bad command line""";

    /** True when the arguments ask for the usage text and nothing else. */
    public static boolean wantsHelp(List<String> args) {
        return args.size() == 1 && (args.get(0).equals("--help") || args.get(0).equals("-h"));
    }

    public static InstallOptions parse(List<String> args) throws BadCommandLine {
        if (args.size() > MAX_ARGUMENTS) {
            throw new BadCommandLine(args.size() + " arguments; install-cni takes at most " + MAX_ARGUMENTS);
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            if (!KNOWN.contains(name)) {
                throw new BadCommandLine("unknown argument '" + shorten(arg) + "'; the options are " + String.join(", ", KNOWN));
            }
            String value;
            if (eq > 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new BadCommandLine(name + " needs a value");
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new BadCommandLine(name + " is given twice; give it once");
            }
        }
        Path source = absolutePath(values, "--source", true);
        Path target = absolutePath(values, "--target", true);
        if (source.startsWith(target) || target.startsWith(source)) {
            throw new BadCommandLine("--source " + source + " and --target " + target + " overlap; they must be separate directories");
        }
        return new InstallOptions(source, target, cleanupAfter(values.get("--cleanup-after")), conf(values));
    }

    private static Optional<ConfFile> conf(Map<String, String> values) throws BadCommandLine {
        Path confSource = absolutePath(values, "--conf-source", false);
        if (confSource == null) {
            for (String dependent : List.of("--conf-dir", "--conf-name")) {
                if (values.containsKey(dependent)) {
                    throw new BadCommandLine(dependent + " is given without --conf-source; add --conf-source FILE or drop " + dependent);
                }
            }
            return Optional.empty();
        }
        Path dir = absolutePath(values, "--conf-dir", false);
        if (dir == null) {
            throw new BadCommandLine("--conf-source needs --conf-dir (the host's CNI configuration directory, e.g. /host/etc/cni/net.d)");
        }
        Path sourceName = confSource.getFileName();
        String name = values.getOrDefault("--conf-name", sourceName == null ? "" : sourceName.toString());
        if (!CONF_NAME.matcher(name).matches()) {
            throw new BadCommandLine("--conf-name '" + shorten(name) + "' is not a plain file name ending in .conf, .conflist or .json"
                    + " (letters, digits, '.', '_', '-'); container runtimes ignore other names");
        }
        return Optional.of(new ConfFile(confSource, dir, name));
    }

    private static Path absolutePath(Map<String, String> values, String option, boolean required) throws BadCommandLine {
        String value = values.get(option);
        if (value == null) {
            if (required) {
                throw new BadCommandLine(option + " DIR is required");
            }
            return null;
        }
        if (value.isEmpty() || value.length() > MAX_PATH_CHARS || value.indexOf('\0') >= 0) {
            throw new BadCommandLine(option + " must be a path of 1 to " + MAX_PATH_CHARS + " characters");
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new BadCommandLine(option + " '" + shorten(value) + "' is not a valid path: " + e.getReason());
        }
        if (!path.isAbsolute()) {
            throw new BadCommandLine(option + " '" + shorten(value) + "' must be an absolute path");
        }
        if (path.getParent() == null) {
            throw new BadCommandLine(option + " must not be the root directory");
        }
        return path.normalize();
    }

    private static Duration cleanupAfter(String value) throws BadCommandLine {
        if (value == null) {
            return DEFAULT_CLEANUP_AFTER;
        }
        if (!value.matches("[0-9]{1,7}") || Long.parseLong(value) > MAX_CLEANUP_SECONDS) {
            throw new BadCommandLine("--cleanup-after '" + shorten(value) + "' must be a whole number of seconds from 0 to "
                    + MAX_CLEANUP_SECONDS + " (default 600)");
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    /** Arguments are echoed in messages, never in full when long. */
    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
