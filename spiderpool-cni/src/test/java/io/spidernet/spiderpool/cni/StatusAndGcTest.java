package io.spidernet.spiderpool.cni;

import static io.spidernet.spiderpool.cni.Invocations.env;
import static io.spidernet.spiderpool.cni.Invocations.netconf;
import static io.spidernet.spiderpool.cni.Invocations.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.Attachment;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectResponse;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CNI 1.1.0 verbs: STATUS asks the agent whether it serves, GC hands it the valid attachments. */
class StatusAndGcTest {
    /** What a runtime sets for STATUS and GC: no container, namespace or interface. */
    private static final Map<String, String> STATUS = Map.of("CNI_COMMAND", "STATUS", "CNI_PATH", "/opt/cni/bin");
    private static final Map<String, String> GC = Map.of("CNI_COMMAND", "GC", "CNI_PATH", "/opt/cni/bin");

    @TempDir
    Path dir;

    FakeAgent agent;
    final IpamPlugin plugin = new IpamPlugin(5_000, (netns, ifName) -> null);

    @BeforeEach
    void startAgent() throws IOException {
        agent = new FakeAgent(dir.resolve("agent.sock"));
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }

    @Test
    void statusOfAServingAgentIsSuccessWithoutOutput() {
        agent.answer(AgentClient.HEALTHY, new FakeAgent.Respond(HealthyResponse.newBuilder().setServing(true)
                .setStore("local").build()));

        Invocations.Outcome o = run(plugin, STATUS, netconf("1.1.0", agent.socket(), ""));

        assertThat(o.status()).as(o.stdout()).isZero();
        assertThat(o.stdout()).isEmpty();
        assertThat(agent.calls()).extracting(FakeAgent.Call::method).containsExactly(AgentClient.HEALTHY);
    }

    @Test
    void statusOfAnAgentThatIsNotServingIsCode50() {
        agent.answer(AgentClient.HEALTHY, new FakeAgent.Respond(HealthyResponse.newBuilder().setServing(false)
                .setStore("kubernetes").build()));

        String error = run(plugin, STATUS, netconf("1.1.0", agent.socket(), "")).assertError(50);

        assertThat(error).contains("not serving").contains("kubernetes store").contains("spiderpool-agent log");
    }

    @Test
    void statusWithoutAnAgentSocketIsCode50NamingItAndWhatToDo() {
        Path missing = dir.resolve("no-agent.sock");

        String error = run(plugin, STATUS, netconf("1.1.0", missing, "")).assertError(50);

        assertThat(error).contains(missing + " does not exist").contains("start spiderpool-agent");
    }

    @Test
    void statusOfAnAgentThatRefusesIsCode50() throws IOException {
        Path stale = Files.createFile(dir.resolve("stale.sock")); // a file left behind, nobody listening

        String error = run(plugin, STATUS, netconf("1.1.0", stale, "")).assertError(50);

        assertThat(error).contains(stale.toString());
    }

    @Test
    void statusOfAnAgentFailingTheCallIsCode50WithItsReason() {
        agent.answer(AgentClient.HEALTHY, new FakeAgent.Fail(Failure.Kind.NOT_READY, "caches still syncing"));

        String error = run(plugin, STATUS, netconf("1.1.0", agent.socket(), "")).assertError(50);

        assertThat(error).contains("caches still syncing");
    }

    @Test
    void statusIsCode1ForAConfigurationOlderThan110() {
        String error = run(plugin, STATUS, netconf("1.0.0", agent.socket(), "")).assertError(1);

        assertThat(error).contains("cniVersion 1.0.0 does not define CNI_COMMAND=STATUS");
        assertThat(agent.calls()).isEmpty();
    }

    @Test
    void gcSendsTheNetworkAndTheValidAttachmentsAndPrintsNothing() {
        agent.answer(AgentClient.GARBAGE_COLLECT, new FakeAgent.Respond(GarbageCollectResponse.newBuilder()
                .addReleased("pool-a/10.6.1.21").build()));

        Invocations.Outcome o = run(plugin, GC, netconf("1.1.0", agent.socket(), "\"cni.dev/valid-attachments\":["
                + "{\"containerID\":\"3c1e9f0a7b\",\"ifname\":\"eth0\"},{\"containerID\":\"77aa\",\"ifname\":\"net1\"}]"));

        assertThat(o.status()).as(o.stdout()).isZero();
        assertThat(o.stdout()).isEmpty();
        assertThat(agent.calls()).singleElement().satisfies(call -> assertThat(call.request()).isEqualTo(
                GarbageCollectRequest.newBuilder().setNetwork("macvlan-conf")
                        .addValidAttachments(Attachment.newBuilder().setContainerId("3c1e9f0a7b").setIfName("eth0"))
                        .addValidAttachments(Attachment.newBuilder().setContainerId("77aa").setIfName("net1")).build()));
    }

    @Test
    void gcWithoutValidAttachmentsSendsAnEmptyList() {
        agent.answer(AgentClient.GARBAGE_COLLECT, new FakeAgent.Respond(GarbageCollectResponse.getDefaultInstance()));

        assertThat(run(plugin, GC, netconf("1.1.0", agent.socket(), "")).status()).isZero();
        assertThat(((GarbageCollectRequest) agent.calls().getFirst().request()).getValidAttachmentsList()).isEmpty();
    }

    @Test
    void gcWithAMalformedOrOverlongListIsCode7BeforeTheAgentIsAsked() {
        String bad = run(plugin, GC, netconf("1.1.0", agent.socket(), "\"cni.dev/valid-attachments\":["
                + "{\"containerID\":\"c/1\",\"ifname\":\"eth0\"}]")).assertError(7);
        assertThat(bad).contains("cni.dev/valid-attachments[0].container_id 'c/1' is not valid");

        String one = "{\"containerID\":\"c1\",\"ifname\":\"eth0\"}";
        String tooMany = String.join(",", Collections.nCopies(65_537, one));
        assertThat(run(plugin, GC, netconf("1.1.0", agent.socket(), "\"cni.dev/valid-attachments\":[" + tooMany + "]"))
                .assertError(7)).contains("(65537 entries) is not valid: at most 65536 entries");
        assertThat(agent.calls()).isEmpty();
    }

    @Test
    void gcRefusedByTheAgentIsItsError() {
        agent.answer(AgentClient.GARBAGE_COLLECT, new FakeAgent.Fail(Failure.Kind.WRONG_INPUT, "valid_attachments (70000 entries)"));

        assertThat(run(plugin, GC, netconf("1.1.0", agent.socket(), "")).assertError(106)).contains("70000 entries");
    }

    @Test
    void gcNeedsNoContainerNamespaceOrInterface() {
        agent.answer(AgentClient.GARBAGE_COLLECT, new FakeAgent.Respond(GarbageCollectResponse.getDefaultInstance()));
        Map<String, String> gcWithoutPath = Map.of("CNI_COMMAND", "GC");

        // CNI_PATH is the one variable GC requires besides the command
        assertThat(run(plugin, gcWithoutPath, netconf("1.1.0", agent.socket(), "")).assertError(4)).contains("CNI_PATH");
        assertThat(run(plugin, GC, netconf("1.1.0", agent.socket(), "")).status()).isZero();
    }

    @Test
    void addWith110PrintsThe100ResultShapeAndSendsTheNetworkName() {
        agent.answer(AgentClient.ALLOCATE, new FakeAgent.Respond(IpamPluginTest.TWO_NICS));

        Invocations.Outcome o = run(plugin, env("ADD", "eth0"), netconf("1.1.0", agent.socket(), ""));

        assertThat(o.status()).as(o.stdout()).isZero();
        assertThat(o.stdout()).startsWith("{\"cniVersion\":\"1.1.0\",\"ips\":[{\"address\":\"10.6.1.20/24\"");
        assertThat(((AllocateRequest) agent.calls().getFirst().request()).getNetwork())
                .isEqualTo("macvlan-conf");
    }
}
