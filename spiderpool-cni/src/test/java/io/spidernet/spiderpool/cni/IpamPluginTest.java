package io.spidernet.spiderpool.cni;

import static io.spidernet.spiderpool.cni.Invocations.env;
import static io.spidernet.spiderpool.cni.Invocations.netconf;
import static io.spidernet.spiderpool.cni.Invocations.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.CheckResponse;
import io.spidernet.spiderpool.api.agent.v1.Dns;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.IpConfig;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import io.spidernet.spiderpool.api.agent.v1.Route;
import io.spidernet.spiderpool.cni.Invocations.Outcome;
import io.spidernet.spiderpool.core.ip.Cidr;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ADD, DEL and CHECK through the whole plugin against the in-process fake agent. */
class IpamPluginTest {
    /** The agent answers for both NICs of the pod; each invocation must keep only its own. */
    static final AllocateResponse TWO_NICS = AllocateResponse.newBuilder()
            .addIps(ip(4, "10.6.1.20/24", "eth0", "10.6.1.1"))
            .addIps(ip(6, "fd00:6::20/64", "eth0", "fd00:6::1"))
            .addIps(ip(4, "10.7.1.5/24", "net1", ""))
            .addRoutes(Route.newBuilder().setIfName("eth0").setDst("10.96.0.0/12").setGw("10.6.1.254"))
            .addRoutes(Route.newBuilder().setIfName("net1").setDst("172.16.0.0/16").setGw("10.7.1.1"))
            .setDns(Dns.newBuilder().addNameservers("10.96.0.10").addSearch("svc.cluster.local"))
            .build();

    @TempDir
    Path dir;

    FakeAgent agent;
    Map<String, List<Cidr>> interfaces = new HashMap<>();
    IpamPlugin plugin;

    @BeforeEach
    void startAgent() throws IOException {
        agent = new FakeAgent(dir.resolve("agent.sock")).answer(AgentClient.ALLOCATE, new FakeAgent.Respond(TWO_NICS));
        // the namespace seen by CHECK, keyed by interface name
        plugin = new IpamPlugin(5_000, (netns, ifName) -> interfaces.get(ifName));
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }

    static IpConfig ip(int version, String address, String nic, String gateway) {
        return IpConfig.newBuilder().setVersion(version).setAddress(address).setNic(nic).setIpPool("pool-" + nic)
                .setGateway(gateway).build();
    }

    String conf(String version) {
        return netconf(version, agent.socket(), "");
    }

    @ParameterizedTest(name = "cniVersion {0}")
    @CsvSource(delimiter = '|', value = {
        "1.0.0|{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.6.1.20/24\",\"gateway\":\"10.6.1.1\"},"
                + "{\"address\":\"fd00:6::20/64\",\"gateway\":\"fd00:6::1\"}],\"routes\":[{\"dst\":\"10.96.0.0/12\","
                + "\"gw\":\"10.6.1.254\"}],\"dns\":{\"nameservers\":[\"10.96.0.10\"],\"search\":[\"svc.cluster.local\"]}}",
        "0.4.0|{\"cniVersion\":\"0.4.0\",\"ips\":[{\"version\":\"4\",\"address\":\"10.6.1.20/24\",\"gateway\":\"10.6.1.1\"},"
                + "{\"version\":\"6\",\"address\":\"fd00:6::20/64\",\"gateway\":\"fd00:6::1\"}],\"routes\":[{\"dst\":"
                + "\"10.96.0.0/12\",\"gw\":\"10.6.1.254\"}],\"dns\":{\"nameservers\":[\"10.96.0.10\"],\"search\":"
                + "[\"svc.cluster.local\"]}}",
        "0.3.1|{\"cniVersion\":\"0.3.1\",\"ips\":[{\"version\":\"4\",\"address\":\"10.6.1.20/24\",\"gateway\":\"10.6.1.1\"},"
                + "{\"version\":\"6\",\"address\":\"fd00:6::20/64\",\"gateway\":\"fd00:6::1\"}],\"routes\":[{\"dst\":"
                + "\"10.96.0.0/12\",\"gw\":\"10.6.1.254\"}],\"dns\":{\"nameservers\":[\"10.96.0.10\"],\"search\":"
                + "[\"svc.cluster.local\"]}}",
        "0.3.0|{\"cniVersion\":\"0.3.0\",\"ips\":[{\"version\":\"4\",\"address\":\"10.6.1.20/24\",\"gateway\":\"10.6.1.1\"},"
                + "{\"version\":\"6\",\"address\":\"fd00:6::20/64\",\"gateway\":\"fd00:6::1\"}],\"routes\":[{\"dst\":"
                + "\"10.96.0.0/12\",\"gw\":\"10.6.1.254\"}],\"dns\":{\"nameservers\":[\"10.96.0.10\"],\"search\":"
                + "[\"svc.cluster.local\"]}}"})
    void addKeepsOnlyItsNicAndPrintsTheConfigsVersion(String version, String expected) {
        Outcome o = run(plugin, env("ADD", "eth0"), conf(version));

        assertThat(o.status()).isZero();
        assertThat(o.stdout()).isEqualTo(expected + "\n");
    }

    @Test
    void addForTheSecondNicGetsItsOwnAddressWithoutGatewayOrForeignRoutes() {
        Outcome o = run(plugin, env("ADD", "net1"), conf("1.0.0"));

        assertThat(o.stdout()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.7.1.5/24\"}],"
                + "\"routes\":[{\"dst\":\"172.16.0.0/16\",\"gw\":\"10.7.1.1\"}],\"dns\":{\"nameservers\":[\"10.96.0.10\"],"
                + "\"search\":[\"svc.cluster.local\"]}}\n");
    }

    @Test
    void addSendsIdentityAndNetconfSettingsAsGiven() {
        Map<String, String> env = env("ADD", "eth0");
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=;K8S_POD_NAME=web-0");
        String conf = "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":{\"type\":\"spiderpool\",\"ipam_unix_socket_path\":\""
                + agent.socket() + "\",\"default_ipv4_ippool\":[\"v4-a\",\"v4-b\"],\"default_ipv6_ippool\":[\"v6\"],"
                + "\"clean_gateway\":true,\"match_master_subnet\":true}}";

        assertThat(run(plugin, env, conf).status()).isZero();

        AllocateRequest sent = (AllocateRequest) agent.calls().getFirst().request();
        assertThat(sent.getContainerId()).isEqualTo(Invocations.CONTAINER_ID);
        assertThat(sent.getIfName()).isEqualTo("eth0");
        assertThat(sent.getNetNamespace()).isEqualTo(Invocations.NETNS);
        assertThat(sent.getPod().getNamespace()).isEmpty();
        assertThat(sent.getPod().getName()).isEqualTo("web-0");
        assertThat(sent.getPod().getUid()).isEmpty();
        assertThat(sent.getDefaultIpv4IppoolList()).containsExactly("v4-a", "v4-b");
        assertThat(sent.getDefaultIpv6IppoolList()).containsExactly("v6");
        assertThat(sent.getCleanGateway()).isTrue();
        assertThat(sent.getMatchMasterSubnet()).isTrue();
    }

    @Test
    void addWithoutAnAddressForTheNicIsNoIpForInterface() {
        String details = run(plugin, env("ADD", "net2"), conf("0.3.1")).assertError(105);

        assertThat(details).contains("addresses for eth0, net1 but nothing for net2");
    }

    @Test
    void addWithAnInvalidAddressFromTheAgentIsAnAgentFailure() {
        agent.answer(AgentClient.ALLOCATE, new FakeAgent.Respond(AllocateResponse.newBuilder()
                .addIps(ip(4, "10.6.1.300/24", "eth0", "")).build()));

        assertThat(run(plugin, env("ADD", "eth0"), conf("1.0.0")).assertError(107))
                .contains("invalid address 10.6.1.300/24");
    }

    @Test
    void addPassesTheAgentsRefusalOnWithItsMessage() {
        agent.answer(AgentClient.ALLOCATE, new FakeAgent.Fail(Failure.Kind.IP_USED_OUT,
                "pools default-v4-ippool have no free address"));

        Outcome o = run(plugin, env("ADD", "eth0"), conf("0.4.0"));

        assertThat(o.assertError(101)).contains("pools default-v4-ippool have no free address");
        assertThat(o.json().get("cniVersion")).isEqualTo("0.4.0");
    }

    @Test
    void delIsIdempotentAndPrintsNothing() {
        agent.answer(AgentClient.RELEASE, new FakeAgent.Respond(ReleaseResponse.newBuilder()
                .addReleased("pool-eth0/10.6.1.20").build()));
        Outcome first = run(plugin, env("DEL", "eth0"), conf("1.0.0"));
        agent.answer(AgentClient.RELEASE, new FakeAgent.Respond(ReleaseResponse.getDefaultInstance()));
        Outcome second = run(plugin, env("DEL", "eth0"), conf("1.0.0"));

        assertThat(first).isEqualTo(new Outcome(0, ""));
        assertThat(second).isEqualTo(new Outcome(0, ""));
        assertThat(agent.calls()).hasSize(2).allSatisfy(c -> assertThat(c.method()).isEqualTo(AgentClient.RELEASE));
    }

    @Test
    void delOfSomethingTheAgentDoesNotKnowSucceeds() {
        agent.answer(AgentClient.RELEASE, new FakeAgent.Fail(Failure.Kind.NOT_FOUND, "no endpoint for 3c1e9f0a7b"));

        assertThat(run(plugin, env("DEL", "eth0"), conf("0.3.1"))).isEqualTo(new Outcome(0, ""));
    }

    @Test
    void delNeedsNoNetnsAndPassesTheIdentity() {
        Map<String, String> env = env("DEL", "eth0");
        env.remove("CNI_NETNS");

        assertThat(run(plugin, env, conf("1.0.0")).status()).isZero();

        ReleaseRequest sent = (ReleaseRequest) agent.calls().getFirst().request();
        assertThat(sent.getNetNamespace()).isEmpty();
        assertThat(sent.getContainerId()).isEqualTo(Invocations.CONTAINER_ID);
        assertThat(sent.getPod().getUid()).isEqualTo("6b1f-44");
    }

    @Test
    void delFailsWhenTheAgentFailsSoTheRuntimeRetries() {
        agent.answer(AgentClient.RELEASE, new FakeAgent.Fail(Failure.Kind.INTERNAL, "state file not writable"));

        assertThat(run(plugin, env("DEL", "eth0"), conf("1.0.0")).assertError(107)).contains("state file not writable");
    }

    @Test
    void delWithoutAgentIsCode11SoTheRuntimeRetries() {
        String conf = netconf("1.0.0", dir.resolve("no-agent.sock"), "");

        assertThat(run(plugin, env("DEL", "eth0"), conf).assertError(11))
                .contains("no-agent.sock does not exist").contains("start spiderpool-agent");
    }

    @Test
    void aBugStillAnswersWithACniErrorObject() {
        recordForEth0("10.6.1.20/24");
        IpamPlugin broken = new IpamPlugin(5_000, (netns, ifName) -> {
            throw new IllegalStateException("bug in the namespace check");
        });

        assertThat(run(broken, env("CHECK", "eth0"), netconf("1.0.0", agent.socket(), PREV_RESULT)).assertError(999))
                .contains("java.lang.IllegalStateException: bug in the namespace check (at io.spidernet.spiderpool.cni.IpamPluginTest")
                .contains("report it with this whole message");
    }

    static final String PREV_RESULT = "\"prevResult\":{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\","
            + "\"sandbox\":\"/var/run/netns/cni-1234\"}],\"ips\":[{\"interface\":0,\"address\":\"10.6.1.20/24\","
            + "\"gateway\":\"10.6.1.1\"},{\"interface\":0,\"address\":\"fd00:6::20/64\"}]}";

    void recordForEth0(String... addresses) {
        CheckResponse.Builder r = CheckResponse.newBuilder();
        for (String a : addresses) {
            r.addIps(ip(a.contains(":") ? 6 : 4, a, "eth0", ""));
        }
        agent.answer(AgentClient.CHECK, new FakeAgent.Respond(r.build()));
    }

    @Test
    void checkPassesWhenRecordPrevResultAndInterfaceAgree() {
        recordForEth0("10.6.1.20/24", "fd00:6::20/64");
        interfaces.put("eth0", List.of(Cidr.parse("fd00:6::20/64"), Cidr.parse("10.6.1.20/24"), Cidr.parse("fe80::1/64")));

        assertThat(run(plugin, env("CHECK", "eth0"), netconf("1.0.0", agent.socket(), PREV_RESULT)))
                .isEqualTo(new Outcome(0, ""));
    }

    @Test
    void checkFailsWhenPrevResultLacksARecordedAddress() {
        recordForEth0("10.6.1.21/24");
        interfaces.put("eth0", List.of(Cidr.parse("10.6.1.21/24")));

        String details = run(plugin, env("CHECK", "eth0"), netconf("0.4.0", agent.socket(), PREV_RESULT)).assertError(109);

        assertThat(details).contains("recorded 10.6.1.21/24 for eth0, but prevResult lacks 10.6.1.21/24"
                + " (prevResult has 10.6.1.20/24, fd00:6::20/64)");
    }

    @Test
    void checkFailsWhenTheInterfaceLacksARecordedAddress() {
        recordForEth0("10.6.1.20/24", "fd00:6::20/64");
        interfaces.put("eth0", List.of(Cidr.parse("10.6.1.20/24")));

        String details = run(plugin, env("CHECK", "eth0"), netconf("1.0.0", agent.socket(), PREV_RESULT)).assertError(109);

        assertThat(details).contains("interface eth0 in network namespace /var/run/netns/cni-1234 lacks fd00:6::20/64"
                + " (it has 10.6.1.20/24)");
    }

    @Test
    void checkFailsWhenTheInterfaceIsGone() {
        recordForEth0("10.6.1.20/24");

        assertThat(run(plugin, env("CHECK", "eth0"), netconf("1.0.0", agent.socket(), PREV_RESULT)).assertError(109))
                .contains("interface eth0 does not exist in network namespace /var/run/netns/cni-1234");
    }

    @Test
    void checkFailsWhenNothingIsRecorded() {
        recordForEth0();

        assertThat(run(plugin, env("CHECK", "eth0"), netconf("1.0.0", agent.socket(), PREV_RESULT)).assertError(108))
                .contains("no address for container 3c1e9f0a7b interface eth0");
    }
}
