package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Whole plugin invocations without a process: environment, stdin, and what came out. */
final class Invocations {
    static final String CONTAINER_ID = "3c1e9f0a7b";
    static final String NETNS = "/var/run/netns/cni-1234";

    private Invocations() {}

    record Outcome(int status, String stdout) {
        Map<String, Object> json() {
            return JsonReader.parseObject(stdout);
        }

        /** Asserts a CNI error object with this code and exit status 1; returns its msg + details. */
        String assertError(int code) {
            assertThat(status).as("exit status, stdout %s", stdout).isEqualTo(1);
            Map<String, Object> error = json();
            assertThat(error).as(stdout).containsKeys("cniVersion", "code", "msg");
            assertThat(error.get("code")).as(stdout).isEqualTo((long) code);
            assertThat(error.get("msg")).isInstanceOf(String.class);
            return error.get("msg") + " / " + error.getOrDefault("details", "");
        }
    }

    /** The environment a runtime sets for {@code command} on interface {@code ifName}. */
    static Map<String, String> env(String command, String ifName) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", CONTAINER_ID);
        env.put("CNI_NETNS", NETNS);
        env.put("CNI_IFNAME", ifName);
        env.put("CNI_PATH", "/opt/cni/bin");
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0;K8S_POD_UID=6b1f-44");
        return env;
    }

    /** A network configuration for the fake agent's socket; {@code extra} is appended to the top level. */
    static String netconf(String version, Path socket, String extra) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"macvlan-conf\",\"type\":\"macvlan\","
                + "\"ipam\":{\"type\":\"spiderpool\",\"ipam_unix_socket_path\":\"" + socket + "\"}"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static Outcome run(IpamPlugin plugin, Map<String, String> env, String stdin) {
        return run(plugin, env, stdin.getBytes(StandardCharsets.UTF_8));
    }

    static Outcome run(IpamPlugin plugin, Map<String, String> env, byte[] stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = CniMain.run(plugin, env, new ByteArrayInputStream(stdin), out);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8));
    }
}
