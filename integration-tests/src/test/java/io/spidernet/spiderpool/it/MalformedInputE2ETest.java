package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.JsonReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input through the real binary with the agent running: each case must print a CNI error
 * object and exit non-zero, and none may change the agent's state file.
 */
class MalformedInputE2ETest {
    private static NodeFixture node;
    private static final Path NETNS = Path.of("/var/run/netns/none");

    private record Case(String name, UnaryOperator<Map<String, String>> env, String conf) {}

    @BeforeAll
    static void start() throws Exception {
        node = new NodeFixture();
        node.startAgent();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static String conf(String ipamExtra) {
        return node.netconf("1.0.0", "macvlan", ipamExtra);
    }

    private static String top(String members) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"e2e\",\"type\":\"macvlan\"" + members + "}";
    }

    private static UnaryOperator<Map<String, String>> set(String key, String value) {
        return env -> {
            if (value == null) {
                env.remove(key);
            } else {
                env.put(key, value);
            }
            return env;
        };
    }

    private static List<Case> cases() {
        String ok = conf("\"default_ipv4_ippool\":[\"e2e-v4\"]");
        List<Case> c = new ArrayList<>();
        Stream.of("", " ", "{", "[]", "null", "42", "\"text\"", "not json", "{\"cniVersion\":", "{\"cniVersion\":\"1.0.0\"",
                ok + "trailing", "{'cniVersion':'1.0.0'}", "{\"cniVersion\":\"1.0.0\",}", "{\"a\":\"\\x\"}",
                "{\"cniVersion\":\"1.0.0\",\"cniVersion\":\"1.0.0\"}")
                .forEach(s -> c.add(new Case("json " + s, UnaryOperator.identity(), s)));
        Stream.of("\"0.1.0\"", "\"0.2.0\"", "\"1.2.0\"", "\"2.0.0\"", "\"\"", "1.0", "null", "[\"1.0.0\"]")
                .forEach(v -> c.add(new Case("cniVersion " + v, UnaryOperator.identity(), ok.replace("\"cniVersion\":\"1.0.0\"", "\"cniVersion\":" + v))));
        c.add(new Case("no cniVersion", UnaryOperator.identity(), ok.replace("\"cniVersion\":\"1.0.0\",", "")));
        c.add(new Case("no ipam", UnaryOperator.identity(), top("")));
        c.add(new Case("ipam not an object", UnaryOperator.identity(), top(",\"ipam\":\"spiderpool\"")));
        Stream.of("\"ipam_unix_socket_path\":42", "\"default_ipv4_ippool\":\"e2e-v4\"", "\"default_ipv4_ippool\":[1,2]",
                "\"default_ipv6_ippool\":{}", "\"clean_gateway\":\"yes\"", "\"match_master_subnet\":1",
                "\"log_file_max_size\":\"big\"", "\"log_file_max_age\":-1", "\"log_level\":\"loud\"", "\"log_file_max_count\":1.5")
                .forEach(f -> c.add(new Case("field " + f, UnaryOperator.identity(), conf(f))));
        c.add(new Case("no CNI_COMMAND", set("CNI_COMMAND", null), ok));
        c.add(new Case("unknown command", set("CNI_COMMAND", "FOO"), ok));
        c.add(new Case("lower-case command", set("CNI_COMMAND", "add"), ok));
        c.add(new Case("no CNI_CONTAINERID", set("CNI_CONTAINERID", null), ok));
        c.add(new Case("empty CNI_CONTAINERID", set("CNI_CONTAINERID", ""), ok));
        c.add(new Case("no CNI_NETNS", set("CNI_NETNS", null), ok));
        c.add(new Case("no CNI_IFNAME", set("CNI_IFNAME", null), ok));
        c.add(new Case("CNI_ARGS without =", set("CNI_ARGS", "K8S_POD_NAME"), ok));
        c.add(new Case("CNI_ARGS empty key", set("CNI_ARGS", "=x"), ok));
        c.add(new Case("CNI_ARGS bad IP", set("CNI_ARGS", "IP=10.0.0.300"), ok));
        c.add(new Case("unknown pool", UnaryOperator.identity(), conf("\"default_ipv4_ippool\":[\"nope\"]")));
        c.add(new Case("unknown IPv6 pool", UnaryOperator.identity(), conf("\"default_ipv6_ippool\":[\"nope6\"]")));
        c.add(new Case("IPv6 pool listed as IPv4", UnaryOperator.identity(), conf("\"default_ipv4_ippool\":[\"e2e-v6\"]")));
        c.add(new Case("wildcard matching nothing", UnaryOperator.identity(), conf("\"default_ipv4_ippool\":[\"zz-*\"]")));
        c.add(new Case("pool listed twice", UnaryOperator.identity(), conf("\"default_ipv4_ippool\":[\"e2e-v4\",\"e2e-v4\"]")));
        c.add(new Case("one good and one unknown family", UnaryOperator.identity(),
                conf("\"default_ipv4_ippool\":[\"e2e-v4\"],\"default_ipv6_ippool\":[\"nope6\"]")));
        c.add(new Case("agent not running", UnaryOperator.identity(),
                ok.replace(node.socket.toString(), "/nonexistent/spiderpool.sock")));
        c.add(new Case("socket path is a directory", UnaryOperator.identity(), ok.replace(node.socket.toString(), "/tmp")));
        c.add(new Case("CHECK without prevResult", set("CNI_COMMAND", "CHECK"), ok));
        c.add(new Case("CHECK of nothing recorded", set("CNI_COMMAND", "CHECK"), ok.replaceFirst("}$",
                ",\"prevResult\":{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.20.0.77/24\"}]}}")));
        c.add(new Case("prevResult not an object", set("CNI_COMMAND", "CHECK"), ok.replaceFirst("}$", ",\"prevResult\":7}")));
        return c;
    }

    @Test
    void everyMalformedInputIsACniErrorAndLeavesTheStateAlone() throws Exception {
        // one real allocation first, so the state file exists and has something to lose
        Map<String, String> base = node.env("ADD", "ctr-keep", NETNS, "eth0");
        assertThat(node.ipam(base, conf("\"default_ipv4_ippool\":[\"e2e-v4\"]")).exit()).isZero();
        byte[] before = Files.readAllBytes(node.stateFile);
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(50);

        for (Case c : cases) {
            Map<String, String> env = c.env().apply(new HashMap<>(node.env("ADD", "ctr-bad", NETNS, "eth0")));
            CniExec.Result r = node.ipam(env, c.conf());
            assertThat(r.exit()).as(c.name() + ": " + r.stdout() + r.stderr()).isNotZero();
            Map<String, Object> err = JsonReader.parseObject(r.stdout());
            assertThat(err).as(c.name()).containsKeys("code", "msg");
            assertThat(((Number) err.get("code")).intValue()).as(c.name()).isPositive();
            assertThat(Files.readAllBytes(node.stateFile)).as(c.name() + " changed the state file").isEqualTo(before);
        }
        System.out.println(cases.size() + " malformed inputs, each a CNI error object with a non-zero exit; state unchanged");
    }
}
