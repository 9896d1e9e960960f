package io.spidernet.spiderpool.agent.local;

import static io.spidernet.spiderpool.core.allocation.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.agent.ipam.EndpointRecord;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.AllocationPlan;
import io.spidernet.spiderpool.core.allocation.AllocationTarget;
import io.spidernet.spiderpool.core.allocation.IpAllocation;
import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPoolStoreTest {
    private static final SpiderpoolConf CONF = SpiderpoolConf.defaults().withSpiderSubnet(false, false);
    @TempDir
    Path dir;
    private Path pools;
    private Path state;
    private final List<LocalPoolStore> opened = new ArrayList<>();

    @BeforeEach
    void manifests() {
        pools = dir.resolve("pools");
        state = dir.resolve("run/state.json");
        ManifestFiles.write(pools, "v4.yaml", pool("v4", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")),
                pool("other", "10.9.0.0/24", List.of("10.9.0.10")));
    }

    @AfterEach
    void close() {
        opened.forEach(LocalPoolStore::close);
    }

    private LocalPoolStore open(StateFileWriter writer) {
        LocalPoolStore s = LocalPoolStore.open(pools, state, writer, CONF);
        opened.add(s);
        return s;
    }

    private static IpAllocation allocate(LocalPoolStore store, PodRef pod) {
        AllocationEngine engine = new AllocationEngine(store, RetryPolicy.immediate(5), 5000);
        return store.mutation(() -> {
            IpAllocation a = engine.allocate(new AllocationPlan(pod, List.of(new AllocationTarget("eth0", IpFamily.V4,
                    List.of("v4"))), Map.of())).getFirst();
            store.putEndpoint(new EndpointRecord(pod.namespace(), pod.name(), "c-" + pod.uid(), new PodIPAllocation(
                    pod.uid(), "node-1", List.of(new IPAllocationDetail("eth0", a.addressWithPrefix(), null, a.pool(), null,
                    0L, null, null, null, List.of(), null)))));
            return a;
        });
    }

    @Test
    void aRestartedStoreHasEveryAllocationAndKeepsCountingVersions() {
        LocalPoolStore first = open(new AtomicFileWriter());
        allocate(first, new PodRef("default", "a", "uid-a"));
        allocate(first, new PodRef("default", "b", "uid-b"));
        String version = first.read("v4").orElseThrow().getMetadata().getResourceVersion();
        first.close();
        opened.remove(first);

        LocalPoolStore second = open(new AtomicFileWriter());

        assertThat(second.read("v4").orElseThrow().getStatus().getAllocatedIPs())
                .isEqualTo("{\"10.0.0.10\":{\"pod\":\"default/a\",\"podUid\":\"uid-a\"},"
                        + "\"10.0.0.11\":{\"pod\":\"default/b\",\"podUid\":\"uid-b\"}}");
        assertThat(second.endpoint("default", "b")).hasValueSatisfying(e -> {
            assertThat(e.containerId()).isEqualTo("c-uid-b");
            assertThat(e.nic("eth0").orElseThrow().ipv4()).isEqualTo("10.0.0.11/24");
        });
        assertThat(allocate(second, new PodRef("default", "c", "uid-c")).address()).hasToString("10.0.0.12");
        assertThat(Long.parseLong(second.read("v4").orElseThrow().getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(version));
    }

    @Test
    void aWriteThatFailsBeforeTheRenameLeavesTheOldFileAndTheOldState() throws IOException {
        CrashingWriter writer = new CrashingWriter();
        LocalPoolStore store = open(writer);
        allocate(store, new PodRef("default", "a", "uid-a"));
        byte[] before = Files.readAllBytes(state);

        writer.crashNext = true;
        assertThatThrownBy(() -> allocate(store, new PodRef("default", "b", "uid-b")))
                .isInstanceOf(LocalStoreException.class).hasMessageContaining(state.toString()).hasMessageContaining("nothing");

        assertThat(Files.readAllBytes(state)).isEqualTo(before);
        assertThat(Files.exists(AtomicFileWriter.temporaryFor(state))).as("the half-done write is left behind").isTrue();
        assertThat(store.endpoint("default", "b")).isEmpty();
        assertThat(store.read("v4").orElseThrow().getStatus().getAllocatedIPs()).doesNotContain("uid-b");
        store.close();
        opened.remove(store);
        LocalPoolStore again = open(new AtomicFileWriter());
        assertThat(again.read("v4").orElseThrow().getStatus().getAllocatedIPCount()).isEqualTo(1L);
        assertThat(Files.exists(AtomicFileWriter.temporaryFor(state))).as("removed at start").isFalse();
        assertThat(allocate(again, new PodRef("default", "b", "uid-b")).address()).hasToString("10.0.0.11");
    }

    @Test
    void aFailedUnitOfWorkKeepsNothing() {
        LocalPoolStore store = open(new AtomicFileWriter());
        AllocationEngine engine = new AllocationEngine(store, RetryPolicy.immediate(5), 5000);
        PodRef pod = new PodRef("default", "a", "uid-a");

        assertThatThrownBy(() -> store.mutation(() -> {
            engine.allocate(new AllocationPlan(pod, List.of(new AllocationTarget("eth0", IpFamily.V4, List.of("v4"))), Map.of()));
            throw new IpamException.WrongInput("refused after the pool write");
        })).isInstanceOf(IpamException.WrongInput.class);

        assertThat(store.read("v4").orElseThrow().getStatus().getAllocatedIPs()).isNull();
        assertThat(Files.exists(state)).isFalse();
    }

    @Test
    void otherThreadsDoNotSeeAUnitBeforeItIsDurable() throws Exception {
        LocalPoolStore store = open(new AtomicFileWriter());
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch looked = new CountDownLatch(1);
        AtomicReference<String> seenByOther = new AtomicReference<>();
        CompletableFuture<Void> unit = CompletableFuture.runAsync(() -> store.mutation(() -> {
            allocate(store, new PodRef("default", "a", "uid-a"));
            written.countDown();
            await(looked);
            return null;
        }));
        await(written);
        seenByOther.set(store.read("v4").orElseThrow().getStatus().getAllocatedIPs());
        looked.countDown();
        unit.get();

        assertThat(seenByOther.get()).isNull();
        assertThat(store.read("v4").orElseThrow().getStatus().getAllocatedIPs()).contains("uid-a");
    }

    @Test
    void aSecondStoreOnTheSameStateFileIsRefused() {
        open(new AtomicFileWriter());
        assertThatThrownBy(() -> open(new AtomicFileWriter())).isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("in use by another spiderpool-agent").hasMessageContaining("pid " + ProcessHandle.current().pid());
    }

    @Test
    void aDamagedStateFileStopsTheStartNamingIt() throws IOException {
        Files.createDirectories(state.getParent());
        Files.writeString(state, "{\"format\":1,\"pools\":{\"v4\":{\"resourceVersion\":\"3\",\"allocatedIPs\":\"[1,2]\"}}}");
        assertThatThrownBy(() -> open(new AtomicFileWriter())).isInstanceOf(LocalStoreException.class)
                .hasMessageContaining(state.toString()).hasMessageContaining("pool v4");
        Files.writeString(state, "{\"format\":1,");
        assertThatThrownBy(() -> open(new AtomicFileWriter())).isInstanceOf(LocalStoreException.class)
                .hasMessageContaining(state.toString()).hasMessageContaining("move it away");
    }

    @Test
    void theStateFileIsUpstreamLedgersPlusEndpointRecords() throws IOException {
        allocate(open(new AtomicFileWriter()), new PodRef("ns", "web", "uid-1"));
        String json = Files.readString(state);
        assertThat(json).contains("\"format\" : 1")
                .contains("\"allocatedIPs\" : \"{\\\"10.0.0.10\\\":{\\\"pod\\\":\\\"ns/web\\\",\\\"podUid\\\":\\\"uid-1\\\"}}\"")
                .contains("\"ns/web\" : {").contains("\"containerID\" : \"c-uid-1\"").contains("\"interface\" : \"eth0\"");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the temporary file like the real writer, then fails before the rename when told to. */
    private static final class CrashingWriter implements StateFileWriter {
        private final AtomicFileWriter real = new AtomicFileWriter();
        volatile boolean crashNext;

        @Override
        public void replace(Path target, byte[] content) throws IOException {
            if (crashNext) {
                Files.write(AtomicFileWriter.temporaryFor(target), content);
                throw new IOException("simulated crash between write and rename");
            }
            real.replace(target, content);
        }
    }
}
