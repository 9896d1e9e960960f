package io.spidernet.spiderpool.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.api.controller.v1.Candidate;
import io.spidernet.spiderpool.api.controller.v1.Choice;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationResponse;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewResponse;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewRow;
import io.spidernet.spiderpool.api.controller.v1.NodeUsage;
import io.spidernet.spiderpool.api.controller.v1.PoolUsage;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageResponse;
import io.spidernet.spiderpool.api.controller.v1.Rejection;
import io.spidernet.spiderpool.api.controller.v1.SubnetUsage;
import io.spidernet.spiderpool.api.controller.v1.TriggerGcResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every view in every format against the files in src/test/resources/golden/ (read them to see what
 * users get). After a deliberate change, regenerate with -Dgolden.update=true and review the diff.
 */
class OutputGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static final PoolUsageResponse USAGE = PoolUsageResponse.newBuilder()
            .addPools(PoolUsage.newBuilder().setName("v4-default").setIpVersion(4).setSubnet("10.6.0.0/16").setTotalIpCount("200")
                    .setAllocatedIpCount(37).setFreeIpCount("163")
                    .addNodes(NodeUsage.newBuilder().setNode("node-1").setAllocatedIpCount(30))
                    .addNodes(NodeUsage.newBuilder().setNode("node-2").setAllocatedIpCount(7)))
            .addPools(PoolUsage.newBuilder().setName("rack-3").setIpVersion(4).setSubnet("10.8.0.0/24").setTotalIpCount("50")
                    .setAllocatedIpCount(3).setFreeIpCount("47").addNodeNames("node-5").addNodeNames("node-6").setNodeAffinity(true)
                    .addNodes(NodeUsage.newBuilder().setNode("").setAllocatedIpCount(1))
                    .addNodes(NodeUsage.newBuilder().setNode("node-5").setAllocatedIpCount(2))
                    .addNodes(NodeUsage.newBuilder().setNode("node-6").setAllocatedIpCount(0)))
            .addPools(PoolUsage.newBuilder().setName("v6-big").setIpVersion(6).setSubnet("fd00::/64")
                    .setTotalIpCount("18446744073709551616").setAllocatedIpCount(2).setFreeIpCount("18446744073709551614").setDisabled(true))
            .addSubnets(SubnetUsage.newBuilder().setName("s4").setIpVersion(4).setSubnet("10.7.0.0/16").setTotalIpCount("1000")
                    .setAllocatedIpCount("40").setFreeIpCount("955").setPoolCount(2))
            .build();

    static final ExplainAllocationResponse EXPLAIN = ExplainAllocationResponse.newBuilder()
            .addCandidates(Candidate.newBuilder().setPool("full-pool").setIpVersion(4).setNic("eth0"))
            .addCandidates(Candidate.newBuilder().setPool("v4-default").setIpVersion(4).setNic("eth0"))
            .addRejections(Rejection.newBuilder().setPool("full-pool").setIpVersion(4).setNic("eth0").setReason("no free address"))
            .addRejections(Rejection.newBuilder().setPool("zone-b").setIpVersion(4).setNic("eth0")
                    .setReason("nodeAffinity does not select node node-1"))
            .addWouldUse(Choice.newBuilder().setNic("eth0").setIpVersion(4).setPool("v4-default").setIp("10.6.0.41/16"))
            .build();

    static final ExplainAllocationResponse REFUSED = ExplainAllocationResponse.newBuilder()
            .addRejections(Rejection.newBuilder().setPool("zone-b").setIpVersion(4).setNic("eth0")
                    .setReason("nodeAffinity does not select node node-1"))
            .setRefused("no pool left for eth0 IPv4: zone-b: nodeAffinity does not select node node-1")
            .build();

    static final GcPreviewResponse PREVIEW = GcPreviewResponse.newBuilder()
            .addRows(GcPreviewRow.newBuilder().setPool("v4-default").setIp("10.6.0.9").setPod("apps/web-0").setPodUid("u-1")
                    .setVerdict("Keep").setReason("pod running"))
            .addRows(GcPreviewRow.newBuilder().setPool("v4-default").setIp("10.6.0.12").setPod("apps/gone").setPodUid("u-2")
                    .setVerdict("Release").setDeleteEndpoint(true).setReason("pod deleted"))
            .addRows(GcPreviewRow.newBuilder().setPool("v4-default").setIp("10.6.0.13").setPod("apps/stopping").setPodUid("u-3")
                    .setVerdict("Trace").setTraceUntil("2026-12-06T01:30:00Z").setReason("pod terminating, grace period not over"))
            .build();

    enum View {
        POOLS(Views.pools(USAGE)),
        POOLS_PER_NODE(Views.poolsPerNode(USAGE)),
        SUBNETS(Views.subnets(USAGE)),
        EXPLAIN(Views.explain("apps/web-1", OutputGoldenTest.EXPLAIN)),
        EXPLAIN_REFUSED(Views.explain("apps/web-2", REFUSED)),
        GC_PREVIEW(Views.gcPreview(PREVIEW)),
        GC_RUN(Views.gcRun(TriggerGcResponse.newBuilder().setRecords(40).setReleased(3).setTraced(1).setSpared(1).setEndpoints(2).build()));

        private final Output output;

        View(Output output) {
            this.output = output;
        }
    }

    @ParameterizedTest
    @EnumSource(View.class)
    void table(View view) throws IOException {
        check(view, Output.Format.TABLE, "txt");
    }

    @ParameterizedTest
    @EnumSource(View.class)
    void json(View view) throws IOException {
        check(view, Output.Format.JSON, "json");
    }

    @ParameterizedTest
    @EnumSource(View.class)
    void yaml(View view) throws IOException {
        check(view, Output.Format.YAML, "yaml");
    }

    private static void check(View view, Output.Format format, String ext) throws IOException {
        Path file = GOLDEN.resolve(view.name().toLowerCase(java.util.Locale.ROOT) + "." + ext);
        String rendered = view.output.render(format);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, rendered);
        }
        assertThat(rendered).as(file.toString()).isEqualTo(Files.readString(file));
    }
}
