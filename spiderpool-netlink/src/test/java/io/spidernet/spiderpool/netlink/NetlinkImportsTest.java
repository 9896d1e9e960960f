package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * spiderpool-netlink is JDK only: the CNI binaries load it, so it must pull in no library and
 * nothing of ours (core depends on no I/O; this module is all I/O). Maven's dependency list says
 * so today; this test reads every main source file for imports and for package-qualified names
 * written out in the code, and accepts only java.* and this package.
 */
class NetlinkImportsTest {
    private static final List<String> ALLOWED = List.of("java.", "io.spidernet.spiderpool.netlink.");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;", Pattern.MULTILINE);
    /** A name with at least two lower-case package parts before a type: org.foo.Bar, sun.misc.Unsafe. */
    private static final Pattern QUALIFIED_TYPE = Pattern.compile("(?<![\\w.])(?:[a-z]\\w*\\.){2,}[A-Z]\\w*");
    /** Comments and string literals, which may name anything. */
    private static final Pattern PROSE = Pattern.compile(
            "\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

    @Test
    void mainSourcesUseOnlyTheJdkAndThisPackage() throws IOException {
        Path sources = Path.of("src/main/java");
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> walk = Files.walk(sources)) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                files++;
                violations.addAll(violations(sources.relativize(file).toString(), Files.readString(file)));
            }
        }
        assertThat(files).as("main sources found").isGreaterThan(10);
        assertThat(violations).as("spiderpool-netlink must use only java.* and its own package").isEmpty();
    }

    @Test
    void theRuleCatchesWhatItShould() {
        assertThat(violations("A.java", "import java.util.List;\nimport static java.lang.foreign.ValueLayout.ADDRESS;\n"
                + "import io.spidernet.spiderpool.netlink.Link;\nclass A { /* org.example.Foo */ String s = \"sun.misc.Unsafe\"; }"))
                .isEmpty();
        assertThat(violations("B.java", "import io.spidernet.spiderpool.core.ip.Cidr;")).hasSize(1);
        assertThat(violations("C.java", "import static org.junit.jupiter.api.Assertions.assertTrue;")).hasSize(1);
        assertThat(violations("D.java", "import javax.net.ssl.SSLContext;")).hasSize(1);
        assertThat(violations("E.java", "import sun.misc.*;")).hasSize(1);
        assertThat(violations("F.java", "class F { Object o = new com.sun.jna.Pointer(0); }")).hasSize(1);
        assertThat(violations("G.java", "class G { int n = socket.dump(request).size(); }")).isEmpty();
    }

    private static List<String> violations(String file, String source) {
        String code = PROSE.matcher(source).replaceAll(" ");
        List<String> found = new ArrayList<>();
        Matcher imports = IMPORT.matcher(code);
        while (imports.find()) {
            if (!allowed(imports.group(1))) {
                found.add(file + " imports " + imports.group(1));
            }
        }
        Matcher names = QUALIFIED_TYPE.matcher(IMPORT.matcher(code).replaceAll(" "));
        while (names.find()) {
            if (!allowed(names.group())) {
                found.add(file + " uses " + names.group());
            }
        }
        return found;
    }

    private static boolean allowed(String name) {
        return ALLOWED.stream().anyMatch(name::startsWith);
    }
}
