package io.spidernet.spiderpool.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables an app reads, from its sources: every {@code ${NAME} / ${NAME:default}}
 * in its application.properties, and every setting of its {@code @ConfigMapping} interface under
 * SmallRye's environment form ({@code spiderpool.agent.socket-path} → {@code SPIDERPOOL_AGENT_SOCKET_PATH},
 * read for any property of a mapping). A group's settings are {@code <group>_<setting>}. And
 * {@code JDK_JAVA_OPTIONS}, which the {@code java} launcher itself reads.
 */
final class AppEnvNames {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    /** A no-argument method of a mapping interface: {@code Type name();} (generic types included). */
    private static final Pattern SETTING = Pattern.compile("^\\s+[\\w.<>@, ()]*?\\s(\\w+)\\(\\);", Pattern.MULTILINE);
    private static final Pattern GROUP = Pattern.compile("^\\s+(\\w+) (\\w+)\\(\\);", Pattern.MULTILINE);

    private final Set<String> names = new HashSet<>();

    private AppEnvNames(String properties, String prefix, String mapping) {
        // read by the java launcher each image starts the app with (entrypoint java -jar)
        names.add("JDK_JAVA_OPTIONS");
        Matcher m = PLACEHOLDER.matcher(properties);
        while (m.find()) {
            names.add(m.group(1));
        }
        String envPrefix = env(prefix);
        Set<String> settings = new HashSet<>();
        Matcher s = SETTING.matcher(mapping);
        while (s.find()) {
            settings.add(env(kebab(s.group(1))));
        }
        Set<String> groups = new HashSet<>();
        Matcher g = GROUP.matcher(mapping);
        while (g.find()) {
            if (mapping.contains("interface " + g.group(1) + " {")) {
                groups.add(env(kebab(g.group(2))));
            }
        }
        for (String setting : settings) {
            names.add(envPrefix + "_" + setting);
            for (String group : groups) {
                names.add(envPrefix + "_" + group + "_" + setting);
            }
        }
    }

    static AppEnvNames agent() {
        return new AppEnvNames(read("spiderpool-agent/src/main/resources/application.properties"), "spiderpool.agent",
                read("spiderpool-agent/src/main/java/io/spidernet/spiderpool/agent/config/AgentConfig.java"));
    }

    static AppEnvNames controller() {
        return new AppEnvNames(read("spiderpool-controller/src/main/resources/application.properties"), "spiderpool.controller",
                read("spiderpool-controller/src/main/java/io/spidernet/spiderpool/controller/ControllerConfig.java"));
    }

    boolean reads(String envName) {
        return names.contains(envName);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String env(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static String read(String relative) {
        try {
            return Files.readString(Repo.path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
