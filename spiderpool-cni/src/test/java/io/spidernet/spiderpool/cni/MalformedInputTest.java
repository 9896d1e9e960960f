package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.cni.Invocations.Outcome;
import io.spidernet.spiderpool.core.cni.CniVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of every kind a runtime or a hand-written config can produce. Each must give a CNI
 * error object with the spec's code and exit 1, and none may reach the agent: a request that the
 * plugin can tell is wrong must not cost an allocation attempt.
 */
class MalformedInputTest {
    private static final String SOCK = "@SOCK@";
    private static final String IPAM = "{\"type\":\"spiderpool\",\"ipam_unix_socket_path\":\"" + SOCK + "\"";
    private static final String GOOD = conf("\"0.4.0\"", "");

    /** One bad invocation: how the environment differs from a valid ADD, the stdin, the expected code. */
    record Case(String name, String command, Consumer<Map<String, String>> env, byte[] stdin, int code) {
        @Override
        public String toString() {
            return name;
        }
    }

    @TempDir
    Path dir;

    FakeAgent agent;

    @BeforeEach
    void startAgent() throws IOException {
        agent = new FakeAgent(dir.resolve("agent.sock"));
    }

    @AfterEach
    void stopAgent() throws IOException {
        agent.close();
    }

    static String conf(String version, String ipamExtra) {
        return "{" + (version == null ? "" : "\"cniVersion\":" + version + ",") + "\"name\":\"macvlan-conf\","
                + "\"type\":\"macvlan\",\"ipam\":" + IPAM + ipamExtra + "}}";
    }

    static String withTop(String top) {
        return GOOD.substring(0, GOOD.length() - 1) + "," + top + "}";
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        environment(c);
        json(c);
        versions(c);
        netconf(c);
        check(c);
        return c;
    }

    private static void environment(List<Case> c) {
        env(c, "no CNI_COMMAND", "ADD", e -> e.remove("CNI_COMMAND"));
        env(c, "lower-case command", "add", e -> { });
        env(c, "unknown command", "REMOVE", e -> { });
        env(c, "empty command", "", e -> { });
        env(c, "ADD without CNI_CONTAINERID", "ADD", e -> e.remove("CNI_CONTAINERID"));
        env(c, "ADD without CNI_NETNS", "ADD", e -> e.remove("CNI_NETNS"));
        env(c, "ADD without CNI_IFNAME", "ADD", e -> e.remove("CNI_IFNAME"));
        env(c, "ADD with empty CNI_IFNAME", "ADD", e -> e.put("CNI_IFNAME", ""));
        env(c, "DEL without CNI_CONTAINERID", "DEL", e -> e.remove("CNI_CONTAINERID"));
        env(c, "DEL without CNI_IFNAME", "DEL", e -> e.remove("CNI_IFNAME"));
        env(c, "CHECK without CNI_NETNS", "CHECK", e -> e.remove("CNI_NETNS"));
        env(c, "container ID with a slash", "ADD", e -> e.put("CNI_CONTAINERID", "abc/def"));
        env(c, "container ID starting with a dash", "ADD", e -> e.put("CNI_CONTAINERID", "-abc"));
        env(c, "interface name of 16 bytes", "ADD", e -> e.put("CNI_IFNAME", "eth0123456789abc"));
        env(c, "interface name with a slash", "ADD", e -> e.put("CNI_IFNAME", "eth/0"));
        env(c, "interface name with a colon", "DEL", e -> e.put("CNI_IFNAME", "eth0:1"));
        env(c, "interface name '.'", "ADD", e -> e.put("CNI_IFNAME", "."));
        env(c, "interface name with a space", "CHECK", e -> e.put("CNI_IFNAME", "eth 0"));
        env(c, "CNI_ARGS pair without '='", "ADD", e -> e.put("CNI_ARGS", "K8S_POD_NAME"));
        env(c, "CNI_ARGS pair with empty key", "ADD", e -> e.put("CNI_ARGS", "=web-0"));
        env(c, "CNI_ARGS pair with two '='", "DEL", e -> e.put("CNI_ARGS", "K8S_POD_NAME=a=b"));
        env(c, "CNI_ARGS IP that is not an address", "ADD", e -> e.put("CNI_ARGS", "IP=300.1.1.1"));
        env(c, "CNI_ARGS IgnoreUnknown not a boolean", "ADD", e -> e.put("CNI_ARGS", "IgnoreUnknown=maybe"));
        env(c, "CNI_ARGS with an empty pair", "CHECK", e -> e.put("CNI_ARGS", "K8S_POD_NAME=a;;"));
        c.add(new Case("GC with a configuration older than 1.1.0", "GC", e -> { }, bytes(GOOD), 1));
        c.add(new Case("STATUS with a configuration older than 1.1.0", "STATUS", e -> { }, bytes(GOOD), 1));
    }

    private static void json(List<Case> c) {
        stdin(c, "empty stdin", "", 6);
        stdin(c, "unterminated object", "{\"cniVersion\":\"0.4.0\"", 6);
        stdin(c, "an array, not an object", "[]", 6);
        stdin(c, "not JSON at all", "cniVersion=0.4.0", 6);
        stdin(c, "JSON null", "null", 6);
        stdin(c, "trailing comma", GOOD.substring(0, GOOD.length() - 1) + ",}", 6);
        stdin(c, "duplicate key", withTop("\"name\":\"again\""), 6);
        stdin(c, "single quotes", GOOD.replace("\"macvlan-conf\"", "'macvlan-conf'"), 6);
        stdin(c, "a comment", "// conf\n" + GOOD, 6);
        stdin(c, "NaN", withTop("\"mtu\":NaN"), 6);
        stdin(c, "byte order mark", "\uFEFF" + GOOD, 6);
        byte[] latin1 = GOOD.replace("macvlan-conf", "macvlan-conf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        c.add(new Case("invalid UTF-8", "ADD", e -> { }, latin1, 6));
        stdin(c, "raw newline inside a string", GOOD.replace("macvlan-conf", "macvlan\nconf"), 6);
    }

    private static void versions(List<Case> c) {
        stdin(c, "no cniVersion", conf(null, ""), 1);
        stdin(c, "cniVersion 0.2.0", conf("\"0.2.0\"", ""), 1);
        stdin(c, "cniVersion 1.2.0", conf("\"1.2.0\"", ""), 1);
        stdin(c, "cniVersion 2.0.0", conf("\"2.0.0\"", ""), 1);
        stdin(c, "cniVersion 1.0 (not a full version)", conf("\"1.0\"", ""), 1);
        stdin(c, "cniVersion with a space", conf("\" 1.0.0\"", ""), 1);
        stdin(c, "cniVersion as a number", conf("1.0", ""), 7);
    }

    private static void netconf(List<Case> c) {
        stdin(c, "no network name", GOOD.replace("\"name\":\"macvlan-conf\",", ""), 7);
        stdin(c, "network name with a space", GOOD.replace("macvlan-conf", "macvlan conf"), 7);
        stdin(c, "network name as a number", GOOD.replace("\"macvlan-conf\"", "42"), 7);
        stdin(c, "no ipam block", "{\"cniVersion\":\"0.4.0\",\"name\":\"n\",\"type\":\"macvlan\"}", 7);
        stdin(c, "ipam as a string", "{\"cniVersion\":\"0.4.0\",\"name\":\"n\",\"ipam\":\"spiderpool\"}", 7);
        stdin(c, "ipam.type as a number", GOOD.replace("\"type\":\"spiderpool\"", "\"type\":1"), 7);
        stdin(c, "default_ipv4_ippool as a string", conf("\"0.4.0\"", ",\"default_ipv4_ippool\":\"pool-a\""), 7);
        stdin(c, "default_ipv4_ippool with a number", conf("\"0.4.0\"", ",\"default_ipv4_ippool\":[1]"), 7);
        stdin(c, "default_ipv6_ippool as an object", conf("\"0.4.0\"", ",\"default_ipv6_ippool\":{}"), 7);
        stdin(c, "clean_gateway as a string", conf("\"0.4.0\"", ",\"clean_gateway\":\"true\""), 7);
        stdin(c, "match_master_subnet as a number", conf("\"0.4.0\"", ",\"match_master_subnet\":1"), 7);
        stdin(c, "ipam_unix_socket_path as a number", GOOD.replace("\"" + SOCK + "\"", "5"), 7);
        stdin(c, "unknown log_level", conf("\"0.4.0\"", ",\"log_level\":\"verbose\""), 7);
        stdin(c, "negative log_file_max_size", conf("\"0.4.0\"", ",\"log_file_max_size\":-1"), 7);
        stdin(c, "fractional log_file_max_age", conf("\"0.4.0\"", ",\"log_file_max_age\":1.5"), 7);
        stdin(c, "log_file_max_count as a string", conf("\"0.4.0\"", ",\"log_file_max_count\":\"10\""), 7);
        stdin(c, "prevResult as a string", withTop("\"prevResult\":\"x\""), 7);
        stdin(c, "runtimeConfig as a list", withTop("\"runtimeConfig\":[]"), 7);
    }

    private static void check(List<Case> c) {
        c.add(new Case("CHECK 1.0.0 without prevResult", "CHECK", e -> { }, bytes(conf("\"1.0.0\"", "")), 7));
        c.add(new Case("CHECK 0.4.0 without prevResult", "CHECK", e -> { }, bytes(GOOD), 7));
        c.add(new Case("CHECK in 0.3.1", "CHECK", e -> { }, bytes(conf("\"0.3.1\"", "")), 1));
        c.add(new Case("CHECK in 0.3.0", "CHECK", e -> { }, bytes(conf("\"0.3.0\"", "")), 1));
        checkPrev(c, "prevResult.ips as an object", "{\"ips\":{}}");
        checkPrev(c, "prevResult.ips item as a string", "{\"ips\":[\"10.0.0.5/24\"]}");
        checkPrev(c, "prevResult address not a CIDR", "{\"ips\":[{\"address\":\"10.0.0.5\"}]}");
        checkPrev(c, "prevResult address missing", "{\"ips\":[{\"gateway\":\"10.0.0.1\"}]}");
        checkPrev(c, "prevResult address as a number", "{\"ips\":[{\"address\":10}]}");
    }

    private static void env(List<Case> c, String name, String command, Consumer<Map<String, String>> change) {
        c.add(new Case(name, command, change, bytes(GOOD), 4));
    }

    private static void stdin(List<Case> c, String name, String stdin, int code) {
        c.add(new Case(name, "ADD", e -> { }, bytes(stdin), code));
    }

    private static void checkPrev(List<Case> c, String name, String prevResult) {
        c.add(new Case(name, "CHECK", e -> { }, bytes(withTop("\"prevResult\":" + prevResult)), 7));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void thereAreAtLeastFiftyAndTheGoodOneWorks() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(50);
        agent.answer(AgentClient.ALLOCATE, new FakeAgent.Respond(IpamPluginTest.TWO_NICS));

        Outcome o = Invocations.run(plugin(), Invocations.env("ADD", "eth0"), sockIn(bytes(GOOD)));

        assertThat(o.status()).as(o.stdout()).isZero();
        assertThat(agent.connections()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givesACniErrorAndNeverReachesTheAgent(Case bad) {
        Map<String, String> env = Invocations.env(bad.command(), "eth0");
        bad.env().accept(env);

        Outcome o = Invocations.run(plugin(), env, sockIn(bad.stdin()));

        assertThat(o.assertError(bad.code())).isNotBlank();
        assertThat(o.stdout()).endsWith("}\n").doesNotContain("\n{");
        assertThat(CniVersion.supported()).contains((String) o.json().get("cniVersion"));
        assertThat(agent.connections()).as("connections to the agent").isZero();
    }

    private IpamPlugin plugin() {
        return new IpamPlugin(5_000, (netns, ifName) -> {
            throw new AssertionError("a bad input must not reach the namespace check");
        });
    }

    private byte[] sockIn(byte[] stdin) {
        String socket = agent.socket().toString();
        return new String(stdin, StandardCharsets.ISO_8859_1).replace(SOCK, socket).getBytes(StandardCharsets.ISO_8859_1);
    }
}
