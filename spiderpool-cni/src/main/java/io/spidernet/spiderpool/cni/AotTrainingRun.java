package io.spidernet.spiderpool.cni;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The build's AOT training workload; never used at run time. The spiderpool-cni build runs it
 * once with the packaged runtime, JVM options and jars ({@code src/package/build-cni-tree.sh},
 * {@code -XX:AOTMode=record}); the classes it loads and links become the binary's AOT cache, so
 * every path a real invocation takes should be walked here.
 *
 * <p>It makes whole invocations in-process through {@link CniMain#run}, the same entry the
 * process uses, so it trains whatever that does now and later: VERSION in every supported
 * version, and the error paths (not JSON, unsupported cniVersion, missing CNI_* variables, an
 * agent socket that does not exist). Then it ends as a real exec does, by calling
 * {@link CniMain#main} with the process's environment and stdin (the build passes
 * {@code CNI_COMMAND=VERSION} and a configuration), which also halts the JVM.
 *
 * <p>Not trained yet: ADD, DEL and CHECK against an agent that answers. They need the agent
 * client this binary does not have yet; when it lands, this class starts an in-process fake
 * agent on a unix socket in a scratch directory and adds successful ADD, CHECK and DEL
 * invocations against it (see {@link #successfulCallsAgainstAFakeAgent}).
 *
 * <p>Each case states whether it must succeed; a case that does not behave as stated fails the
 * build, because a cache trained on a broken path would silently train the wrong code.
 */
public final class AotTrainingRun {
    /** A socket path that cannot exist: the parent directory does not. */
    private static final String MISSING_AGENT_SOCKET = "/nonexistent/spiderpool-aot-training/spiderpool.sock";

    private static final String[] VERSIONS = {"0.3.0", "0.3.1", "0.4.0", "1.0.0"};

    private int invocations;

    private AotTrainingRun() {}

    public static void main(String[] args) {
        AotTrainingRun training = new AotTrainingRun();
        training.versionRequests();
        training.errorPaths();
        training.callsWithoutAnAgent();
        training.successfulCallsAgainstAFakeAgent();
        System.err.println("aot training: " + training.invocations + " in-process invocations done;"
                + " now the process's own VERSION request through CniMain.main");
        CniMain.main(args);
    }

    private void versionRequests() {
        for (String version : VERSIONS) {
            expect(true, "VERSION " + version, Map.of("CNI_COMMAND", "VERSION"), netconf(version, ""));
        }
        expect(true, "VERSION without input", Map.of("CNI_COMMAND", "VERSION"), "");
    }

    private void errorPaths() {
        Map<String, String> add = podEnv("ADD");
        expect(false, "ADD, not JSON", add, "{\"cniVersion\":\"1.0.0\",\"name\":");
        expect(false, "ADD, not an object", add, "[\"cniVersion\"]");
        expect(false, "ADD, unsupported cniVersion", add, netconf("9.9.9", ""));
        expect(false, "ADD, no cniVersion", add, "{\"name\":\"net\",\"type\":\"macvlan\",\"ipam\":{\"type\":\"spiderpool\"}}");
        expect(false, "ADD, mistyped ipam field", add, netconf("1.0.0", "\"clean_gateway\":\"yes\""));
        expect(false, "no CNI_COMMAND", Map.of(), netconf("1.0.0", ""));
        expect(false, "unknown CNI_COMMAND", Map.of("CNI_COMMAND", "BOGUS"), netconf("1.0.0", ""));
        Map<String, String> noContainer = new HashMap<>(add);
        noContainer.remove("CNI_CONTAINERID");
        expect(false, "ADD without CNI_CONTAINERID", noContainer, netconf("1.0.0", ""));
        Map<String, String> noNetns = new HashMap<>(add);
        noNetns.remove("CNI_NETNS");
        expect(false, "ADD without CNI_NETNS", noNetns, netconf("0.3.1", ""));
    }

    /** The agent is not running: ADD and CHECK must fail; DEL's outcome is the plugin's choice. */
    private void callsWithoutAnAgent() {
        String socket = "\"ipam_unix_socket_path\":\"" + MISSING_AGENT_SOCKET + "\"";
        for (String version : new String[] {"0.3.1", "1.0.0"}) {
            expect(false, "ADD " + version + ", agent socket missing", podEnv("ADD"), netconf(version, socket));
            run("DEL " + version + ", agent socket missing", podEnv("DEL"), netconf(version, socket));
            expect(false, "CHECK " + version + ", agent socket missing", podEnv("CHECK"),
                    withPrevResult(netconf(version, socket), version));
        }
    }

    /**
     * Where ADD, CHECK and DEL against an in-process fake agent go once the binary has an agent
     * client (issue 3): start the fake agent on a socket in a scratch directory, then run each
     * verb for 0.3.1 and 1.0.0 and require success. Nothing to run until then.
     */
    private void successfulCallsAgainstAFakeAgent() {}

    private void expect(boolean success, String what, Map<String, String> env, String stdin) {
        int status = run(what, env, stdin);
        if ((status == 0) != success) {
            throw new IllegalStateException("AOT training case \"" + what + "\" should " + (success ? "succeed" : "fail")
                    + " but exited " + status);
        }
    }

    private int run(String what, Map<String, String> env, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = CniMain.run(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out);
        invocations++;
        String reply = out.toString(StandardCharsets.UTF_8).strip();
        if (!reply.startsWith("{")) {
            throw new IllegalStateException("AOT training case \"" + what + "\" printed no JSON object: " + reply);
        }
        System.err.println("aot training: " + what + " -> exit " + status);
        return status;
    }

    private static Map<String, String> podEnv(String command) {
        return Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", "aot-training-0123456789abcdef",
                "CNI_NETNS", "/var/run/netns/aot-training", "CNI_IFNAME", "eth0", "CNI_PATH", "/opt/cni/bin",
                "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=aot-training-0;"
                        + "K8S_POD_UID=5b1b1b4e-0000-4000-8000-000000000000;K8S_POD_INFRA_CONTAINER_ID=aot-training-0123456789abcdef");
    }

    /** A macvlan network configuration with spiderpool as IPAM; extraIpam is inserted into the ipam block. */
    private static String netconf(String version, String extraIpam) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"aot-training\",\"type\":\"macvlan\",\"master\":\"eth0\","
                + "\"mode\":\"bridge\",\"ipam\":{\"type\":\"spiderpool\",\"default_ipv4_ippool\":[\"default-v4-ippool\"],"
                + "\"default_ipv6_ippool\":[\"default-v6-ippool\"]" + (extraIpam.isEmpty() ? "" : "," + extraIpam) + "}}";
    }

    /** The configuration with the prevResult a runtime passes to CHECK, in the given version's shape. */
    private static String withPrevResult(String netconf, String version) {
        String ipVersion = version.equals("1.0.0") ? "" : "\"version\":\"4\",";
        String prev = ",\"prevResult\":{\"cniVersion\":\"" + version + "\",\"interfaces\":[{\"name\":\"eth0\","
                + "\"mac\":\"02:42:c0:a8:01:0a\",\"sandbox\":\"/var/run/netns/aot-training\"}],\"ips\":[{" + ipVersion
                + "\"address\":\"172.18.40.10/16\",\"gateway\":\"172.18.0.1\",\"interface\":0}],"
                + "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"172.18.0.1\"}],\"dns\":{}}";
        return netconf.substring(0, netconf.length() - 1) + prev + "}";
    }
}
