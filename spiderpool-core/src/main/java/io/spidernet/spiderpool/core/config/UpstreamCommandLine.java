package io.spidernet.spiderpool.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line upstream's chart starts its agent and controller with ({@code daemon
 * --config-path=/tmp/spiderpool/config-map/conf.yml}, plus the controller's {@code --tls-server-*}),
 * read so that a chart's {@code args} work unchanged. Long flags as Go's pflag takes them:
 * {@code --name=value} or {@code --name value}; the last of a repeated flag wins. Each known flag
 * stands for one setting of the app; {@link #settings()} maps those settings to the values given.
 *
 * @param settings the setting each given flag stands for, with its value
 * @param errors   one sentence per argument that could not be used, naming it and what to do
 */
public record UpstreamCommandLine(Map<String, String> settings, List<String> errors) {

    /** Upstream's only daemon subcommand; accepted first and otherwise meaningless here. */
    public static final String DAEMON = "daemon";

    /**
     * Where upstream's chart mounts the {@code spiderpool-conf} ConfigMap, and its {@code --config-path}
     * default: read when neither the flag nor the app's property names a file and it exists there.
     */
    public static final String DEFAULT_CONFIG_PATH = "/tmp/spiderpool/config-map/conf.yml";

    public UpstreamCommandLine {
        settings = Map.copyOf(settings);
        errors = List.copyOf(errors);
    }

    /**
     * @param flagToSetting each known flag without its dashes ({@code config-path}) and the setting it sets
     */
    public static UpstreamCommandLine parse(List<String> args, Map<String, String> flagToSetting) {
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (i == 0 && arg.equals(DAEMON)) {
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                errors.add("unexpected argument '" + arg + "': give the subcommand '" + DAEMON
                        + "' first, then flags as --name=value (" + known(flagToSetting) + ")");
                continue;
            }
            int eq = arg.indexOf('=');
            String flag = arg.substring(2, eq < 0 ? arg.length() : eq);
            String setting = flagToSetting.get(flag);
            String value = eq >= 0 ? arg.substring(eq + 1) : i + 1 < args.size() ? args.get(++i) : null;
            if (setting == null) {
                errors.add("unknown flag --" + flag + ": this app takes " + known(flagToSetting));
            } else if (value == null || value.isBlank()) {
                errors.add("flag --" + flag + " needs a value, e.g. --" + flag + "=/path/to/file");
            } else {
                settings.put(setting, value);
            }
        }
        return new UpstreamCommandLine(settings, errors);
    }

    /** @throws IllegalArgumentException with every error, when there is one */
    public UpstreamCommandLine requireValid() {
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("bad command line: " + String.join("; ", errors));
        }
        return this;
    }

    private static String known(Map<String, String> flagToSetting) {
        return flagToSetting.keySet().stream().sorted().map(f -> "--" + f).reduce((a, b) -> a + ", " + b)
                .orElse("no flags");
    }
}
