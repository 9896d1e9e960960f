package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole invocations, as the runtime makes them, without starting a process. */
class CniMainTest {
    private static final String SUPPORTED = "\"supportedVersions\":[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]";

    private static final Map<String, String> ADD_ENV = Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "3c1e9f0a7b",
            "CNI_NETNS", "/var/run/netns/cni-1234", "CNI_IFNAME", "eth0", "CNI_PATH", "/opt/cni/bin",
            "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0");

    private record Outcome(int status, String stdout) {}

    private static Outcome invoke(Map<String, String> env, InputStream stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = CniMain.run(env, stdin, out);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8));
    }

    private static Outcome invoke(Map<String, String> env, String stdin) {
        return invoke(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void versionEchoesTheCallersVersionAndExitsZero() {
        Outcome o = invoke(Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"0.4.0\"}");

        assertThat(o.status()).isZero();
        assertThat(o.stdout()).isEqualTo("{\"cniVersion\":\"0.4.0\"," + SUPPORTED + "}\n");
    }

    @Test
    void versionWithoutInputAnswersInTheLatestVersion() {
        Outcome o = invoke(Map.of("CNI_COMMAND", "VERSION"), "");

        assertThat(o.status()).isZero();
        assertThat(o.stdout()).isEqualTo("{\"cniVersion\":\"1.0.0\"," + SUPPORTED + "}\n");
    }

    @Test
    void addWithoutAgentIsCode11InTheConfigsVersion() {
        Outcome o = invoke(ADD_ENV, "{\"cniVersion\":\"0.3.1\",\"name\":\"macvlan-conf\",\"ipam\":{\"type\":\"spiderpool\","
                + "\"ipam_unix_socket_path\":\"/nonexistent/spiderpool.sock\"}}");

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.stdout()).startsWith("{\"cniVersion\":\"0.3.1\",\"code\":11,\"msg\":\"spiderpool-agent socket"
                + " /nonexistent/spiderpool.sock does not exist\"");
    }

    @Test
    void aBadEnvironmentIsReportedBeforeStdinIsRead() {
        InputStream neverRead = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("stdin must not be read when the environment is invalid");
            }
        };
        Outcome o = invoke(Map.of("CNI_COMMAND", "ADD", "CNI_IFNAME", "eth0"), neverRead);

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.stdout()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":4,\"msg\":\"required environment variables"
                + " CNI_CONTAINERID, CNI_NETNS missing for CNI_COMMAND=ADD\",\"details\":\"the container runtime must set"
                + " CNI_CONTAINERID, CNI_NETNS (an empty value counts as missing)\"}\n");
    }

    @Test
    void noCommandAtAllSaysWhatThisBinaryIs() {
        Outcome o = invoke(Map.of(), "");

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.stdout()).contains("\"code\":4").contains("CNI_COMMAND is not set").contains("CNI plugin");
    }

    @Test
    void anUnreadableStdinIsAnIoFailure() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Bad file descriptor");
            }
        };
        Outcome o = invoke(Map.of("CNI_COMMAND", "VERSION"), broken);

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.stdout()).startsWith("{\"cniVersion\":\"1.0.0\",\"code\":5,\"msg\":\"cannot read the network"
                + " configuration from stdin: Bad file descriptor\"");
    }

    @Test
    void writesUtf8WhateverThePlatformEncoding() {
        Outcome o = invoke(Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"v\u00e9\"}");

        assertThat(o.stdout()).startsWith("{\"cniVersion\":\"v\u00e9\",");
    }
}
