package io.spidernet.spiderpool.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs a network configuration list ("conflist") the way a container runtime's libcni does:
 * ADD calls the plugins in order, each getting the list's {@code name} and {@code cniVersion} and
 * the previous plugin's result as {@code prevResult}; DEL calls them in reverse order, each with
 * the chain's cached ADD result as {@code prevResult} (CNI spec 1.0, "Network configuration list
 * runtime examples"). Every plugin runs inside the node's namespace ({@code ip netns exec}), as
 * kubelet runs them on a node, so that the "host" a plugin sees is the simulated node.
 */
final class ChainRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A plugin of the chain failed; the message names it and carries what it printed. */
    static final class ChainException extends IOException {
        private static final long serialVersionUID = 1L;
        final String plugin;
        final CniExec.Result result;

        ChainException(String command, String plugin, CniExec.Result result) {
            super(command + " failed in plugin '" + plugin + "' (exit " + result.exit() + "): " + result.stdout()
                    + (result.stderr().isEmpty() ? "" : " / stderr: " + result.stderr()));
            this.plugin = plugin;
            this.result = result;
        }
    }

    /** What a runtime knows about one attachment: container, pod namespace, interface, pod identity. */
    record Attachment(String containerId, Path netns, String ifName, String podNamespace, String podName) {
        Map<String, String> env(String command, List<Path> cniPath) {
            Map<String, String> env = new HashMap<>();
            env.put("CNI_COMMAND", command);
            env.put("CNI_CONTAINERID", containerId);
            env.put("CNI_NETNS", netns.toString());
            env.put("CNI_IFNAME", ifName);
            env.put("CNI_PATH", cniPath.stream().map(Path::toString).collect(Collectors.joining(":")));
            // kubelet's keys; IgnoreUnknown=1 because Debian's macvlan refuses keys it does not know
            env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + podNamespace + ";K8S_POD_NAME=" + podName
                    + ";K8S_POD_INFRA_CONTAINER_ID=" + containerId);
            return env;
        }
    }

    /** One plugin call and its wall time (for a main plugin, including the IPAM plugin it runs). */
    record Call(String command, String plugin, long nanos) {}

    private final String nodeNetns;
    private final List<Path> cniPath;
    private final Consumer<Call> timings;

    /**
     * @param nodeNetns the name of the node's namespace
     * @param cniPath   where plugin binaries are looked up, in order
     * @param timings   receives every successful call's wall time
     */
    ChainRunner(String nodeNetns, List<Path> cniPath, Consumer<Call> timings) {
        this.nodeNetns = nodeNetns;
        this.cniPath = List.copyOf(cniPath);
        this.timings = timings;
    }

    /** ADD through every plugin of {@code conflist}; returns the last plugin's result (the chain's result). */
    JsonNode add(String conflist, Attachment attachment) throws IOException, InterruptedException {
        ObjectNode list = (ObjectNode) JSON.readTree(conflist);
        JsonNode prev = null;
        for (JsonNode plugin : plugins(list)) {
            CniExec.Result r = run("ADD", pluginConfig(list, plugin, prev), attachment);
            prev = JSON.readTree(r.stdout());
        }
        return prev;
    }

    /**
     * CHECK through every plugin of {@code conflist}, in order, each with the chain's cached ADD
     * result as {@code prevResult}, as libcni's CheckNetworkList does. The caller makes sure the
     * list's cniVersion defines CHECK (0.4.0 and later); libcni refuses it for older versions.
     */
    void check(String conflist, Attachment attachment, JsonNode cachedResult) throws IOException, InterruptedException {
        ObjectNode list = (ObjectNode) JSON.readTree(conflist);
        for (JsonNode plugin : plugins(list)) {
            run("CHECK", pluginConfig(list, plugin, cachedResult), attachment);
        }
    }

    /** DEL through every plugin of {@code conflist}, last first; {@code cachedResult} is what ADD returned (or null). */
    void del(String conflist, Attachment attachment, JsonNode cachedResult) throws IOException, InterruptedException {
        ObjectNode list = (ObjectNode) JSON.readTree(conflist);
        List<JsonNode> plugins = plugins(list);
        for (int i = plugins.size() - 1; i >= 0; i--) {
            run("DEL", pluginConfig(list, plugins.get(i), cachedResult), attachment);
        }
    }

    private static List<JsonNode> plugins(ObjectNode list) {
        List<JsonNode> out = new ArrayList<>();
        ((ArrayNode) list.get("plugins")).forEach(out::add);
        return out;
    }

    private static String pluginConfig(ObjectNode list, JsonNode plugin, JsonNode prevResult) throws IOException {
        ObjectNode conf = ((ObjectNode) plugin).deepCopy();
        conf.put("cniVersion", list.get("cniVersion").asText());
        conf.put("name", list.get("name").asText());
        if (prevResult != null) {
            conf.set("prevResult", prevResult);
        }
        return JSON.writeValueAsString(conf);
    }

    private CniExec.Result run(String command, String conf, Attachment attachment) throws IOException, InterruptedException {
        String type = JSON.readTree(conf).get("type").asText();
        Path binary = cniPath.stream().map(dir -> dir.resolve(type)).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IOException("no plugin '" + type + "' in " + cniPath));
        long start = System.nanoTime();
        CniExec.Result r = CniExec.run(List.of("ip", "netns", "exec", nodeNetns, binary.toString()),
                attachment.env(command, cniPath), conf);
        if (r.exit() != 0) {
            throw new ChainException(command, type, r);
        }
        timings.accept(new Call(command, type, System.nanoTime() - start));
        return r;
    }
}
