package io.spidernet.spiderpool.controller.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.spidernet.spiderpool.api.controller.v1.AdminGrpc;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageRequest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The local-development opt-out: plaintext, no token asked, on the loopback address. */
@QuarkusTest
@TestProfile(AdminInsecureLoopbackTest.InsecureLoopback.class)
@WithKubernetesTestServer(crud = true)
class AdminInsecureLoopbackTest {

    public static final class InsecureLoopback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("spiderpool.controller.admin.insecure-loopback", "true");
        }
    }

    @Inject
    AdminEndpoint admin;

    @Test
    void answersPlaintextWithoutATokenOnLoopback() throws InterruptedException {
        ManagedChannel plaintext = NettyChannelBuilder.forAddress("127.0.0.1", admin.port()).usePlaintext().build();
        try {
            assertThat(AdminGrpc.newBlockingStub(plaintext).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .poolUsage(PoolUsageRequest.getDefaultInstance()).getPoolsList()).isEmpty();
        } finally {
            plaintext.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
