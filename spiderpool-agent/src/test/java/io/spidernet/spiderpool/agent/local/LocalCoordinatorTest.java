package io.spidernet.spiderpool.agent.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.spidernet.spiderpool.agent.ipam.NodeFailure;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.PolicyRoute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator's settings without a cluster: a SpiderCoordinator beside the pool files, or the defaults. */
class LocalCoordinatorTest {
    private static final String POOL = """
            apiVersion: spiderpool.spidernet.io/v2beta1
            kind: SpiderIPPool
            metadata:
              name: v4
            spec:
              subnet: 192.0.2.0/24
              ips: ["192.0.2.10-192.0.2.20"]
            """;
    private static final String COORDINATOR = """
            apiVersion: spiderpool.spidernet.io/v2beta1
            kind: SpiderCoordinator
            metadata:
              name: default
            spec:
              mode: underlay
              tunePodRoutes: false
              hostRuleTable: 600
              vethMTU: 9000
              podMACPrefix: "0a:1b"
              podDefaultRouteNIC: net1
              hijackCIDR: ["169.254.0.0/16", "198.51.100.7"]
              policyRoutes:
                - dst: 203.0.113.0/24
                  gw: 192.0.2.1
            status:
              serviceCIDR: ["10.96.0.0/12"]
              overlayPodCIDR: ["10.244.0.0/16"]
            """;

    @TempDir
    Path pools;

    @Test
    void withoutAManifestTheBuiltInDefaultsAreServed() throws IOException {
        Files.writeString(pools.resolve("pools.yaml"), POOL);

        CoordinatorConfig config = new LocalCoordinator(pools).get();

        assertThat(config.getMode()).isEqualTo("auto");
        assertThat(config.getTunePodRoutes()).isTrue();
        assertThat(config.getHostRuleTable()).isEqualTo(500);
        assertThat(config.getVethMtu()).isEqualTo(1500);
        assertThat(config.getPodRpFilter()).isZero();
        assertThat(config.getTxQueueLen()).isZero();
        assertThat(config.getHijackCidrList()).isEmpty();
        assertThat(config.getServiceCidrList()).isEmpty();
        assertThat(config.getOverlayPodCidrList()).isEmpty();
        assertThat(config.getPodDefaultRouteNic()).isEmpty();
    }

    @Test
    void aManifestInAnyPoolFileIsServedWithItsValuesAndStatusCidrs() throws IOException {
        // beside a pool in the same multi-document file, as kubectl users keep them
        Files.writeString(pools.resolve("node.yaml"), POOL + "---\n" + COORDINATOR);

        CoordinatorConfig config = new LocalCoordinator(pools).get();

        assertThat(config.getMode()).isEqualTo("underlay");
        assertThat(config.getTunePodRoutes()).isFalse();
        assertThat(config.getHostRuleTable()).isEqualTo(600);
        assertThat(config.getVethMtu()).isEqualTo(9000);
        assertThat(config.getPodMacPrefix()).isEqualTo("0a:1b");
        assertThat(config.getPodDefaultRouteNic()).isEqualTo("net1");
        // the mutating rule turns a bare address into a host route
        assertThat(config.getHijackCidrList()).containsExactly("169.254.0.0/16", "198.51.100.7/32");
        assertThat(config.getPolicyRoutesList()).containsExactly(
                PolicyRoute.newBuilder().setDst("203.0.113.0/24").setGw("192.0.2.1").build());
        assertThat(config.getServiceCidrList()).containsExactly("10.96.0.0/12");
        assertThat(config.getOverlayPodCidrList()).containsExactly("10.244.0.0/16");
    }

    @Test
    void unsetSwitchesOfAManifestGetTheDefaultsAndNoPodCidrTypeIsNeeded() throws IOException {
        Files.writeString(pools.resolve("coordinator.yml"), """
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderCoordinator
                metadata:
                  name: default
                spec:
                  mode: overlay
                """);

        CoordinatorConfig config = new LocalCoordinator(pools).get();

        assertThat(config.getMode()).isEqualTo("overlay");
        assertThat(config.getTunePodRoutes()).isTrue();
        assertThat(config.getHostRuleTable()).isEqualTo(500);
        assertThat(config.getVethMtu()).isEqualTo(1500);
    }

    @Test
    void anInvalidFieldIsNotReadyNamingTheFileAndTheField() throws IOException {
        Path file = Files.writeString(pools.resolve("coordinator.yaml"), COORDINATOR.replace("podMACPrefix: \"0a:1b\"",
                "podMACPrefix: \"0b:1b\""));

        NodeFailure failure = catchThrowableOfType(NodeFailure.class, () -> new LocalCoordinator(pools).get());

        assertThat(failure.kind()).isEqualTo(Failure.Kind.NOT_READY);
        assertThat(failure).hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("SpiderCoordinator 'default'").hasMessageContaining("spec.podMACPrefix");
    }

    @Test
    void anUnknownFieldOrAWrongApiVersionIsRefusedWithTheFileNamed() throws IOException {
        Path file = Files.writeString(pools.resolve("coordinator.yaml"), COORDINATOR.replace("tunePodRoutes:", "tunePodRoute:"));
        assertThat(catchThrowableOfType(NodeFailure.class, () -> new LocalCoordinator(pools).get()))
                .hasMessageContaining(file.toAbsolutePath().toString()).hasMessageContaining("tunePodRoute");

        Files.writeString(file, COORDINATOR.replace("v2beta1", "v1"));
        assertThat(catchThrowableOfType(NodeFailure.class, () -> new LocalCoordinator(pools).get()))
                .hasMessageContaining("apiVersion is 'spiderpool.spidernet.io/v1'");
    }

    @Test
    void aStatusCidrThatIsNoCidrIsNamed() throws IOException {
        Files.writeString(pools.resolve("coordinator.yaml"), COORDINATOR.replace("10.96.0.0/12", "10.96.0.0"));

        assertThat(catchThrowableOfType(NodeFailure.class, () -> new LocalCoordinator(pools).get()))
                .hasMessageContaining("status.serviceCIDR[0]: '10.96.0.0' is not a CIDR");
    }

    @Test
    void twoManifestsAreAmbiguousAndBothFilesAreNamed() throws IOException {
        Path first = Files.writeString(pools.resolve("a.yaml"), COORDINATOR);
        Path second = Files.writeString(pools.resolve("b.yaml"), COORDINATOR.replace("name: default", "name: other"));

        NodeFailure failure = catchThrowableOfType(NodeFailure.class, () -> new LocalCoordinator(pools).get());

        assertThat(failure.kind()).isEqualTo(Failure.Kind.NOT_READY);
        assertThat(failure).hasMessageContaining(first.toAbsolutePath().toString())
                .hasMessageContaining(second.toAbsolutePath().toString()).hasMessageContaining("keep one");
    }

    @Test
    void anEditAppliesToTheNextCallWithoutARestart() throws IOException {
        LocalCoordinator coordinator = new LocalCoordinator(pools);
        assertThat(coordinator.get().getMode()).isEqualTo("auto");

        Path file = Files.writeString(pools.resolve("coordinator.yaml"), COORDINATOR);
        assertThat(coordinator.get().getMode()).isEqualTo("underlay");

        // same size, new content: the modification time tells
        Files.writeString(file, COORDINATOR.replace("mode: underlay", "mode: overlay "));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(coordinator.get().getMode()).isEqualTo("overlay");

        Files.writeString(file, COORDINATOR.replace("hostRuleTable: 600", "hostRuleTable: x"));
        assertThat(catchThrowableOfType(NodeFailure.class, coordinator::get)).hasMessageContaining("hostRuleTable");

        Files.delete(file);
        assertThat(coordinator.get().getMode()).isEqualTo("auto");
    }

    @Test
    void aMissingPoolsDirectoryIsNotReadyNamingIt() {
        Path missing = pools.resolve("gone");

        NodeFailure failure = catchThrowableOfType(NodeFailure.class, () -> new LocalCoordinator(missing).get());

        assertThat(failure.kind()).isEqualTo(Failure.Kind.NOT_READY);
        assertThat(failure).hasMessageContaining(missing.toAbsolutePath().toString());
    }
}
