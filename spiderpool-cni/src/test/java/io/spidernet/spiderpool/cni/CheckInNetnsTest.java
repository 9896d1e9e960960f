package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.api.agent.v1.CheckResponse;
import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CHECK as the binary runs it (CniMain's own wiring, real setns and netlink) against a namespace
 * with a veth end that carries the recorded addresses. Needs root; skipped with the reason otherwise.
 */
class CheckInNetnsTest {
    private static final String PREV_RESULT = "\"prevResult\":{\"cniVersion\":\"1.0.0\",\"ips\":["
            + "{\"address\":\"192.0.2.10/24\",\"gateway\":\"192.0.2.1\"},{\"address\":\"2001:db8:1::10/64\"}]}";

    @TempDir
    Path dir;

    private record Outcome(int status, String stdout) {}

    private static Outcome check(Path netns, Path socket) {
        Map<String, String> env = Invocations.env("CHECK", "net1");
        env.put("CNI_NETNS", netns.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String conf = Invocations.netconf("1.0.0", socket, PREV_RESULT);
        int status = CniMain.run(env, new ByteArrayInputStream(conf.getBytes(StandardCharsets.UTF_8)), out);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void passesWhileTheAddressesAreThereAndNamesTheOneRemovedByHand() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture ns = NetnsFixture.create("chk");
                FakeAgent agent = new FakeAgent(dir.resolve("agent.sock"))) {
            ns.veth("net1", "spcni-chk-out", "192.0.2.10/24", "2001:db8:1::10/64");
            agent.answer(AgentClient.CHECK, new FakeAgent.Respond(CheckResponse.newBuilder()
                    .addIps(IpamPluginTest.ip(4, "192.0.2.10/24", "net1", "192.0.2.1"))
                    .addIps(IpamPluginTest.ip(6, "2001:db8:1::10/64", "net1", "")).build()));

            assertThat(check(ns.path(), agent.socket())).isEqualTo(new Outcome(0, ""));

            ns.deleteAddress("net1", "2001:db8:1::10/64");
            Outcome after = check(ns.path(), agent.socket());

            assertThat(after.status()).isEqualTo(1);
            assertThat(after.stdout()).startsWith("{\"cniVersion\":\"1.0.0\",\"code\":109,")
                    .contains("interface net1 in network namespace " + ns.path() + " lacks 2001:db8:1::10/64"
                            + " (it has 192.0.2.10/24");
        }
    }

    @Test
    void aNamespaceThatIsGoneIsAnUnknownContainer() throws Exception {
        NetnsFixture.requireUsable();
        try (FakeAgent agent = new FakeAgent(dir.resolve("agent.sock"))) {
            agent.answer(AgentClient.CHECK, new FakeAgent.Respond(CheckResponse.newBuilder()
                    .addIps(IpamPluginTest.ip(4, "192.0.2.10/24", "net1", "")).build()));

            Outcome o = check(Path.of("/var/run/netns/spcni-never-created"), agent.socket());

            assertThat(o.status()).isEqualTo(1);
            assertThat(o.stdout()).startsWith("{\"cniVersion\":\"1.0.0\",\"code\":3,\"msg\":\"network namespace"
                    + " /var/run/netns/spcni-never-created does not exist\"");
        }
    }
}
