package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.cni.JsonReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator's verbs without a process: what they print, when they ask the agent, how they fail. */
class CoordinatorPluginTest {
    /** Spacing and key order as a runtime might write them: printed back byte for byte. */
    static final String PREV_RESULT = "{ \"cniVersion\": \"1.0.0\", \"interfaces\": [{\"name\": \"eth0\","
            + " \"sandbox\": \"/var/run/netns/x\"}],\n  \"ips\": [{\"address\": \"192.0.2.10/24\", \"interface\": 0}] }";

    @TempDir
    Path dir;

    final CoordinatorPlugin plugin = new CoordinatorPlugin(2_000, line -> { });

    static String netconf(String version, Path socket, String extra) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"macvlan-conf\",\"type\":\"coordinator\","
                + "\"ipam_unix_socket_path\":\"" + socket + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    CniPlugin.Reply run(Map<String, String> env, String stdin) {
        return plugin.handle(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, Object> error(CniPlugin.Reply reply, int code) {
        assertThat(reply.exitStatus()).as(reply.json()).isEqualTo(1);
        Map<String, Object> error = JsonReader.parseObject(reply.json());
        assertThat(error.get("code")).as(reply.json()).isEqualTo((long) code);
        return error;
    }

    @Test
    void disabledInTheNetconfPrintsPrevResultByteForByteWithoutAskingTheAgent() {
        Path missing = dir.resolve("no-agent.sock");

        CniPlugin.Reply reply = run(Invocations.env("ADD", "eth0"),
                netconf("1.0.0", missing, "\"mode\":\"disable\",\"prevResult\":" + PREV_RESULT));

        assertThat(reply).isEqualTo(new CniPlugin.Reply(PREV_RESULT, 0));
    }

    @Test
    void disabledByTheAgentsSpiderCoordinatorPrintsPrevResultAndAsksForThisPod() throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("a.sock"))) {
            agent.answer(AgentClient.COORDINATOR_CONFIG, new FakeAgent.Respond(
                    CoordinatorConfig.newBuilder().setMode("disabled").build()));

            CniPlugin.Reply reply = run(Invocations.env("ADD", "eth0"),
                    netconf("1.0.0", agent.socket(), "\"prevResult\":" + PREV_RESULT));

            assertThat(reply).isEqualTo(new CniPlugin.Reply(PREV_RESULT, 0));
            assertThat(agent.calls()).singleElement().isEqualTo(new FakeAgent.Call(AgentClient.COORDINATOR_CONFIG,
                    GetCoordinatorConfigRequest.newBuilder().setPodNamespace("default").setPodName("web-0").build()));
        }
    }

    @Test
    void prevResultOfAnotherVersionIsPrintedInTheNetconfsVersion() {
        CniPlugin.Reply reply = run(Invocations.env("ADD", "eth0"), netconf("0.4.0", dir.resolve("x.sock"),
                "\"mode\":\"disabled\",\"prevResult\":" + PREV_RESULT));

        assertThat(reply.exitStatus()).isZero();
        assertThat(JsonReader.parseObject(reply.json())).containsEntry("cniVersion", "0.4.0")
                .containsEntry("ips", List.of(Map.of("address", "192.0.2.10/24", "interface", 0L)));
    }

    @Test
    void addFailsClearlyWhenTheAgentIsDown() {
        Path missing = dir.resolve("down.sock");

        CniPlugin.Reply reply = run(Invocations.env("ADD", "eth0"), netconf("1.0.0", missing, "\"prevResult\":" + PREV_RESULT));

        Map<String, Object> error = error(reply, 11);
        assertThat(error.get("msg")).isEqualTo("spiderpool-agent socket " + missing + " does not exist");
    }

    @Test
    void addWithoutPrevResultSaysWhereTheCoordinatorBelongs() throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("a.sock"))) {
            agent.answer(AgentClient.COORDINATOR_CONFIG, new FakeAgent.Respond(CoordinatorConfig.newBuilder()
                    .setMode("underlay").setHostRuleTable(500).setVethMtu(1500).build()));

            CniPlugin.Reply reply = run(Invocations.env("ADD", "eth0"), netconf("1.0.0", agent.socket(), ""));

            Map<String, Object> error = error(reply, 7);
            assertThat(error.get("msg")).isEqualTo("the coordinator needs \"prevResult\": it is a chained plugin");
        }
    }

    @Test
    void addIntoANamespaceThatIsGoneNamesIt() throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("a.sock"))) {
            agent.answer(AgentClient.COORDINATOR_CONFIG, new FakeAgent.Respond(CoordinatorConfig.newBuilder()
                    .setMode("underlay").setHostRuleTable(500).setVethMtu(1500).build()));
            Map<String, String> env = Invocations.env("ADD", "eth0");
            String gone = "/var/run/netns/spcni-gone-" + ProcessHandle.current().pid();
            env.put("CNI_NETNS", gone);

            CniPlugin.Reply reply = run(env, netconf("1.0.0", agent.socket(), "\"prevResult\":" + PREV_RESULT));

            assertThat(error(reply, 4).get("msg")).isEqualTo("CNI_NETNS " + gone + " does not exist");
        }
    }

    @Test
    void anInvalidSpiderCoordinatorValueFailsAddNamingIt() throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("a.sock"))) {
            agent.answer(AgentClient.COORDINATOR_CONFIG, new FakeAgent.Respond(
                    CoordinatorConfig.newBuilder().setMode("sideways").build()));

            CniPlugin.Reply reply = run(Invocations.env("ADD", "eth0"),
                    netconf("1.0.0", agent.socket(), "\"prevResult\":" + PREV_RESULT));

            assertThat(error(reply, 7).toString()).contains("sideways");
        }
    }

    @Test
    void delSucceedsWithoutTheAgentWhenTheNamespaceIsGone() {
        Map<String, String> env = Invocations.env("DEL", "eth0");
        env.put("CNI_NETNS", "/var/run/netns/spcni-gone-" + ProcessHandle.current().pid());

        CniPlugin.Reply reply = run(env, netconf("1.0.0", dir.resolve("down.sock"), ""));

        assertThat(reply).isEqualTo(new CniPlugin.Reply("", 0));
    }

    @Test
    void delSucceedsWithANetconfValueThatFailsAdd() {
        Map<String, String> env = Invocations.env("DEL", "eth0");
        env.put("CNI_NETNS", "/var/run/netns/spcni-gone-" + ProcessHandle.current().pid());
        List<String> logged = new java.util.ArrayList<>();
        CoordinatorPlugin logging = new CoordinatorPlugin(2_000, logged::add);
        String conf = netconf("1.0.0", dir.resolve("down.sock"), "\"podMACPrefix\":\"01:00\",\"hostRuleTable\":600");

        CniPlugin.Reply del = logging.handle(env, new ByteArrayInputStream(conf.getBytes(StandardCharsets.UTF_8)));

        assertThat(del).isEqualTo(new CniPlugin.Reply("", 0));
        // the multicast prefix that makes ADD fail with code 7 is named in the log, not returned
        assertThat(logged).anyMatch(line -> line.contains("DEL goes on") && line.contains("podMACPrefix"));
    }

    @Test
    void delAsksTheAgentWhenItRunsAndStillSucceedsWhenItFails() throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("a.sock"))) {
            agent.answer(AgentClient.COORDINATOR_CONFIG, new FakeAgent.Fail(Failure.Kind.NOT_READY, "no SpiderCoordinator"));
            Map<String, String> env = Invocations.env("DEL", "eth0");
            env.put("CNI_NETNS", "/var/run/netns/spcni-gone-" + ProcessHandle.current().pid());

            CniPlugin.Reply reply = run(env, netconf("1.0.0", agent.socket(), ""));

            assertThat(reply).isEqualTo(new CniPlugin.Reply("", 0));
            assertThat(agent.calls()).extracting(FakeAgent.Call::method).containsExactly(AgentClient.COORDINATOR_CONFIG);
        }
    }

    @Test
    void delGivesAHungAgentAShortBudgetAndSucceedsWithoutIt() throws Exception {
        CoordinatorPlugin patient = new CoordinatorPlugin(60_000, line -> { });
        try (FakeAgent agent = new FakeAgent(dir.resolve("a.sock"))) {
            agent.answer(AgentClient.COORDINATOR_CONFIG, new FakeAgent.Hang());
            Map<String, String> env = Invocations.env("DEL", "eth0");
            env.put("CNI_NETNS", "/var/run/netns/spcni-gone-" + ProcessHandle.current().pid());
            long start = System.nanoTime();

            CniPlugin.Reply reply = patient.handle(env, new ByteArrayInputStream(
                    netconf("1.0.0", agent.socket(), "").getBytes(StandardCharsets.UTF_8)));

            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(reply).isEqualTo(new CniPlugin.Reply("", 0));
            // the budget, not the 60 s the plugin was given for ADD
            assertThat(waitedMillis).isBetween(CoordinatorPlugin.DEL_AGENT_BUDGET_MILLIS - 100, 30_000L);
        }
    }

    @Test
    void checkStatusAndGcSucceedDoingNothing() {
        String conf = netconf("1.0.0", dir.resolve("down.sock"), "\"prevResult\":" + PREV_RESULT);
        Map<String, String> status = Map.of("CNI_COMMAND", "STATUS");
        Map<String, String> gc = Map.of("CNI_COMMAND", "GC", "CNI_PATH", "/opt/cni/bin");

        assertThat(run(Invocations.env("CHECK", "eth0"), conf)).isEqualTo(new CniPlugin.Reply("", 0));
        assertThat(run(status, conf)).isEqualTo(new CniPlugin.Reply("", 0));
        assertThat(run(gc, conf)).isEqualTo(new CniPlugin.Reply("", 0));
    }

    @Test
    void versionListsTheVersionsTheNetconfParserAccepts() {
        CniPlugin.Reply reply = run(Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"1.0.0\"}");

        assertThat(reply.exitStatus()).isZero();
        assertThat(JsonReader.parseObject(reply.json())).containsEntry("supportedVersions", CniVersion.supported());
    }

    /** The NIC's new MAC (podMACPrefix) replaces the one in the result, for the pod's NIC only; the rest stays. */
    @Test
    void theResultNamesTheMacThePodMacPrefixGave() {
        Map<String, Object> prev = JsonReader.parseObject("{\"cniVersion\":\"1.0.0\",\"interfaces\":["
                + "{\"name\":\"eth0\",\"mac\":\"02:00:00:00:00:01\"},"
                + "{\"name\":\"eth0\",\"mac\":\"5e:00:00:00:00:02\",\"sandbox\":\"/var/run/netns/x\"}],"
                + "\"ips\":[{\"address\":\"192.0.2.10/24\",\"interface\":1}]}");

        Map<String, Object> out = CoordinatorPlugin.withMac(prev, "eth0", "/var/run/netns/x", "0a:1b:c0:00:02:0a");

        assertThat(out.get("interfaces")).isEqualTo(List.of(Map.of("name", "eth0", "mac", "02:00:00:00:00:01"),
                Map.of("name", "eth0", "mac", "0a:1b:c0:00:02:0a", "sandbox", "/var/run/netns/x")));
        assertThat(out.get("ips")).isEqualTo(prev.get("ips"));
        assertThat(CoordinatorPlugin.withMac(Map.of("cniVersion", "1.0.0"), "eth0", "/x", "0a:1b:00:00:00:01"))
                .as("no interfaces, nothing to rewrite").isEqualTo(Map.of("cniVersion", "1.0.0"));
    }
}
