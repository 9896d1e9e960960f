package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged spiderpool binary (launcher, jlinked runtime, jars, AOT cache) installed the two
 * ways a node gets it: copied into a CNI bin dir together with spiderpool.jvm/, or symlinked.
 * It answers VERSION with nothing but the JSON on stdout, uses the build's AOT cache from the
 * new place, and still works, with stdout clean, when the cache is missing or unusable.
 */
class CniLauncherTest {
    private static final String CONF = "{\"cniVersion\":\"0.4.0\",\"name\":\"net\",\"type\":\"macvlan\","
            + "\"ipam\":{\"type\":\"spiderpool\"}}";
    private static final String VERSION_REPLY = "{\"cniVersion\":\"0.4.0\",\"supportedVersions\":[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]}";
    private static final Map<String, String> VERSION = Map.of("CNI_COMMAND", "VERSION");
    /** Makes the JVM fail instead of falling back when the AOT cache cannot be used. */
    private static final Map<String, String> VERSION_CACHE_REQUIRED = Map.of("CNI_COMMAND", "VERSION",
            "SPIDERPOOL_CNI_JAVA_OPTIONS", "-XX:AOTMode=on");

    private static Path tree;

    @TempDir
    Path temp;

    @BeforeAll
    static void packagedTree() {
        tree = CniExec.packagedTreeOrSkip(CniLauncherTest.class);
    }

    @Test
    void copiedIntoACniBinDirItAnswersVersionWithOnlyJsonOnStdoutFromItsAotCache() throws Exception {
        Path bin = installCopy();

        CniExec.Result r = CniExec.run(List.of(bin.resolve("spiderpool").toString()), VERSION, CONF);

        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(VERSION_REPLY);
        assertThat(JsonReader.parseObject(r.stdout())).containsEntry("cniVersion", "0.4.0");
        assertThat(r.stderr()).isEmpty();

        CniExec.Result cached = CniExec.run(List.of(bin.resolve("spiderpool").toString()), VERSION_CACHE_REQUIRED, CONF);
        assertThat(cached.exit()).as("the AOT cache is usable from the copy: " + cached.stderr()).isZero();
        assertThat(cached.stdout()).isEqualTo(VERSION_REPLY);
    }

    @Test
    void symlinkedIntoACniBinDirItFindsItsRuntimeAndPassesTheInvokedName() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("spiderpool"), tree.resolve("bin/spiderpool"));
        // a chain of a relative link to the absolute one, as coordinator and ifacer will be
        Path chained = Files.createSymbolicLink(bin.resolve("coordinator"), Path.of("spiderpool"));
        try {
            for (Path name : List.of(link, chained)) {
                CniExec.Result r = CniExec.run(List.of(name.toString()), VERSION_CACHE_REQUIRED, CONF);
                assertThat(r.exit()).as(name + ": " + r.stderr()).isZero();
                assertThat(r.stdout()).as(name.toString()).isEqualTo(VERSION_REPLY);
            }
            CniExec.Result shown = CniExec.run(List.of(chained.toString()),
                    Map.of("CNI_COMMAND", "VERSION", "SPIDERPOOL_CNI_JAVA_OPTIONS", "-XshowSettings:properties"), CONF);
            assertThat(shown.stdout()).isEqualTo(VERSION_REPLY);
            assertThat(shown.stderr()).contains("spiderpool.cni.argv0 = " + chained);
        } finally {
            // removed here: @TempDir warns about links that lead out of it
            Files.delete(chained);
            Files.delete(link);
        }
    }

    /** The built tree itself: coordinator and ifacer are relative links to the launcher, each answering VERSION. */
    @Test
    void theTreeInstallsCoordinatorAndIfacerAsLinksToTheLauncherThatAnswerVersion() throws Exception {
        for (String name : List.of("coordinator", "ifacer")) {
            Path link = tree.resolve("bin").resolve(name);
            assertThat(Files.isSymbolicLink(link)).as(link + " is a symlink").isTrue();
            assertThat(Files.readSymbolicLink(link)).as(link + " is relative").isEqualTo(Path.of("spiderpool"));
            assertThat(link.toRealPath()).isEqualTo(tree.resolve("bin/spiderpool").toRealPath());

            CniExec.Result r = CniExec.run(List.of(link.toString()), VERSION_CACHE_REQUIRED, CONF);
            assertThat(r.exit()).as(name + ": " + r.stderr()).isZero();
            assertThat(JsonReader.parseObject(r.stdout())).as(name).containsEntry("cniVersion", "0.4.0")
                    .containsKey("supportedVersions");
        }
    }

    @Test
    void invokedByANameItDoesNotAnswerToItPrintsACniErrorNamingTheValidOnes() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("spiderpool-ipam"), tree.resolve("bin/spiderpool"));
        try {
            CniExec.Result r = CniExec.run(List.of(link.toString()), VERSION, CONF);

            assertThat(r.exit()).isEqualTo(1);
            Map<String, Object> err = JsonReader.parseObject(r.stdout());
            assertThat(((Number) err.get("code")).intValue()).isEqualTo(112);
            assertThat((String) err.get("details")).contains("\"spiderpool-ipam\"").contains("spiderpool, coordinator, ifacer");
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void withoutItsAotCacheItStillAnswersQuietly() throws Exception {
        Path bin = installCopy();
        Files.delete(bin.resolve("spiderpool.jvm/spiderpool.aot"));

        CniExec.Result r = CniExec.run(List.of(bin.resolve("spiderpool").toString()), VERSION, CONF);

        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(VERSION_REPLY);
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void withAnUnusableAotCacheTheJvmComplainsOnStderrOnly() throws Exception {
        Path bin = installCopy();
        Files.writeString(bin.resolve("spiderpool.jvm/spiderpool.aot"), "not an AOT cache".repeat(1000));

        CniExec.Result r = CniExec.run(List.of(bin.resolve("spiderpool").toString()), VERSION, CONF);

        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(VERSION_REPLY);
        assertThat(r.stderr()).contains("AOT cache");
    }

    @Test
    void withoutItsRuntimeItPrintsACniErrorObject() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Files.copy(tree.resolve("bin/spiderpool"), bin.resolve("spiderpool"), StandardCopyOption.COPY_ATTRIBUTES);

        CniExec.Result r = CniExec.run(List.of(bin.resolve("spiderpool").toString()), VERSION, CONF);

        assertThat(r.exit()).isEqualTo(1);
        Map<String, Object> err = JsonReader.parseObject(r.stdout());
        assertThat(((Number) err.get("code")).intValue()).isEqualTo(999);
        assertThat((String) err.get("msg")).contains(bin.resolve("spiderpool.jvm/runtime/bin/java").toString());
    }

    /** bin/spiderpool and bin/spiderpool.jvm/ copied into a fresh CNI bin dir (new file times, as cp -r gives). */
    private Path installCopy() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path from = tree.resolve("bin");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = bin.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, LinkOption.NOFOLLOW_LINKS);
                    to.toFile().setExecutable(Files.isExecutable(f), false);
                }
            }
        }
        return bin;
    }
}
