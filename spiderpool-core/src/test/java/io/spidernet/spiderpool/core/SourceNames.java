package io.spidernet.spiderpool.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The qualified names a module's Java sources use, for the tests that hold each module to what it may
 * depend on (core to no framework, client or I/O; the Kubernetes adapter to no Quarkus; neither app to
 * the other). Maven cannot enforce those rules where the allowed and the forbidden ship in one jar, or
 * a dependency comes in transitively, so the tests read the sources: imports, and names written out in
 * full to dodge them. Comments and string literals may name anything and are skipped.
 */
public final class SourceNames {
    /** A qualified name anywhere in the code: imports, and names written out in full to dodge them. */
    private static final Pattern QUALIFIED_NAME = Pattern.compile("(?<![\\w.])(?:[a-z]\\w*\\.)+[A-Za-z_]\\w*(?:\\.\\*)?");
    /** Comments and string literals, which may name anything; matched in one pass so "//" in a string is no comment. */
    private static final Pattern PROSE = Pattern.compile(
            "\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

    private SourceNames() {}

    /** One line per use of a {@code forbidden} name in the {@code .java} files under {@code sources}: file and name. */
    public static List<String> violations(Path sources, Predicate<String> forbidden) throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Matcher names = QUALIFIED_NAME.matcher(PROSE.matcher(Files.readString(file)).replaceAll(" "));
                while (names.find()) {
                    if (forbidden.test(names.group())) {
                        violations.add(sources.relativize(file) + " uses " + names.group());
                    }
                }
            }
        }
        return violations;
    }
}
