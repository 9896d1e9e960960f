package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The name the program is invoked by picks the plugin; a name it does not answer to fails clearly. */
class PersonalitiesTest {
    private static final String[] NO_ARGS = new String[0];

    private static String selected(String invokedAs, String... args) {
        return Personalities.select(invokedAs, args).name();
    }

    @Test
    void theLaunchersArgv0PicksThePluginWhateverItsDirectory() {
        assertThat(selected("/opt/cni/bin/spiderpool")).isEqualTo("spiderpool");
        assertThat(selected("/opt/cni/bin/coordinator")).isEqualTo("coordinator");
        assertThat(selected("./ifacer")).isEqualTo("ifacer");
        assertThat(selected("coordinator")).isEqualTo("coordinator");
    }

    @Test
    void theFirstArgumentPicksThePluginWithoutTheLauncher() {
        assertThat(selected(null, "coordinator")).isEqualTo("coordinator");
        assertThat(selected(null, "ifacer", "ignored")).isEqualTo("ifacer");
        // java -jar through a renamed launcher copy: the argument names the plugin
        assertThat(selected("/usr/local/bin/spiderpool-cni.sh", "coordinator")).isEqualTo("coordinator");
    }

    @Test
    void theInvokedNameWinsOverAnArgument() {
        assertThat(selected("/opt/cni/bin/ifacer", "coordinator")).isEqualTo("ifacer");
    }

    @Test
    void withNeitherNameNorArgumentItIsTheIpamPlugin() {
        assertThat(selected(null)).isEqualTo("spiderpool");
        assertThat(Personalities.select(null, NO_ARGS).plugin().get()).isInstanceOf(IpamPlugin.class);
    }

    @Test
    void anUnknownInvokedNameIsACniErrorNamingItAndTheValidOnes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = CniMain.run("/opt/cni/bin/macvlan-ipam", NO_ARGS, Map.of("CNI_COMMAND", "VERSION"),
                new ByteArrayInputStream(new byte[0]), out);

        assertThat(status).isEqualTo(1);
        Map<String, Object> error = JsonReader.parseObject(out.toString(StandardCharsets.UTF_8));
        assertThat(error).containsEntry("cniVersion", "1.0.0").containsEntry("code", 112L);
        assertThat((String) error.get("details")).contains("invoked as \"macvlan-ipam\"")
                .contains("spiderpool, coordinator, ifacer");
    }

    @Test
    void anUnknownFirstArgumentWithoutTheLauncherIsNamedToo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = CniMain.run(null, new String[] {"coordinater"}, Map.of("CNI_COMMAND", "VERSION"),
                new ByteArrayInputStream(new byte[0]), out);

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"code\":112").contains("invoked as \\\"coordinater\\\"");
    }

    @Test
    void theWholeInvocationRunsThePluginTheNamePicks() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = CniMain.run("/opt/cni/bin/spiderpool", NO_ARGS, Invocations.env("ADD", "eth0"),
                new ByteArrayInputStream(("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":{\"type\":\"spiderpool\","
                        + "\"ipam_unix_socket_path\":\"/nonexistent/spiderpool.sock\"}}").getBytes(StandardCharsets.UTF_8)),
                out);

        // the IPAM plugin's own answer: its agent is not there
        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"code\":11").contains("/nonexistent/spiderpool.sock");
    }

    /** build-cni-tree.sh makes one symlink per name; a name registered but not installed would never be invoked. */
    @Test
    void theInstalledTreeLinksEveryRegisteredNameAndNoOther() throws IOException {
        String script = Files.readString(Path.of("src/package/build-cni-tree.sh"));
        Matcher m = Pattern.compile("(?m)^personalities='([^']*)'").matcher(script);
        assertThat(m.find()).as("personalities='...' in build-cni-tree.sh").isTrue();
        List<String> linked = Arrays.asList(m.group(1).trim().split("\\s+"));

        assertThat(Personalities.names()).first().isEqualTo("spiderpool");
        assertThat(linked).containsExactlyElementsOf(Personalities.names().subList(1, Personalities.names().size()));
    }
}
