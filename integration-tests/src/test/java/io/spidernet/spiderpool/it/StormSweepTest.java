package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.it.ClusterStorm.Call;
import io.spidernet.spiderpool.it.ClusterStorm.Phase;
import io.spidernet.spiderpool.it.StormCluster.StormPod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's arithmetic and pictures on made-up runs: no agents, no API server. */
class StormSweepTest {
    @Test
    void sizesMustRiseAndStayBounded() {
        assertThat(StormSweep.sizes("1000, 5000,10000")).containsExactly(1000, 5000, 10000);
        assertThatThrownBy(() -> StormSweep.sizes("5000,1000")).hasMessageContaining("must rise");
        assertThatThrownBy(() -> StormSweep.sizes("1000,0")).hasMessageContaining("must rise");
        assertThatThrownBy(() -> StormSweep.sizes("1000,1000000")).hasMessageContaining("1..20000");
        assertThatThrownBy(() -> StormSweep.sizes("1k")).hasMessageContaining("like 1000,5000,10000");
    }

    @Test
    void verdictAllowsTwentyPercentGrowthAndNoMore() {
        // 1.2 writes and 8 ms CPU per allocation at 1 000 pods
        StormBenchmark.Run small = run(1000, 1200, Duration.ofMillis(8_000));
        assertThat(StormSweep.verdict(List.of(small, run(10_000, 14_000, Duration.ofMillis(95_000)))))
                .startsWith("Verdict: writes and agent CPU per allocation stay flat: MET").contains("+17 %").contains("+19 %");
        assertThat(StormSweep.verdict(List.of(small, run(10_000, 12_000, Duration.ofMillis(100_000)))))
                .startsWith("Verdict: writes and agent CPU per allocation grow: NOT MET").contains("+25 %");
        assertThat(StormSweep.verdict(List.of(small, run(5000, 9000, Duration.ofMillis(40_000)))))
                .as("more writes per allocation").contains("NOT MET");
        assertThat(StormSweep.verdict(List.of(small, run(5000, 3000, Duration.ofMillis(20_000)))))
                .as("a fall in cost is no growth").contains("MET").doesNotContain("NOT MET");
        assertThat(StormSweep.verdict(List.of(small))).startsWith("Verdict: none").doesNotContain("MET");
    }

    @Test
    void tableHasARowPerRunWithItsPools() {
        String table = StormSweep.table(List.of(run(1000, 1200, Duration.ofSeconds(8)), run(10_000, 12_000, Duration.ofSeconds(80))), 1000);
        assertThat(table.lines()).hasSize(4);
        assertThat(table).contains("| 1000 | 1 x 1000 | ").contains("| 10000 | 10 x 1000 | ").contains("| 1.20 |").contains("| 8.0 ms |");
    }

    @Test
    void plotsAreWellFormedSvgWithAPointPerRun(@TempDir Path dir) throws Exception {
        StormPlots.cost(dir.resolve("cost.svg"), new int[] {1000, 5000, 10000},
                List.of(new StormPlots.Measure("writes", new double[] {1.2, 1.3, 1.25}, true)));
        StormPlots.latency(dir.resolve("latency.svg"), List.of(new StormPlots.Distribution("1000 pods", new double[] {1, 2, 3}),
                new StormPlots.Distribution("10000 pods", sortedMs(5000))));
        for (String f : List.of("cost.svg", "latency.svg")) {
            assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve(f).toFile())
                    .getDocumentElement().getTagName()).isEqualTo("svg");
        }
        String cost = Files.readString(dir.resolve("cost.svg"));
        assertThat(cost.split("<circle", -1)).hasSize(4);
        String latency = Files.readString(dir.resolve("latency.svg"));
        assertThat(latency).contains("10000 pods");
        // the 5 000 latencies are drawn as 1 000 points, the 3 as 3
        assertThat(latency.split("<polyline", -1)[2].split("'")[1].split(" ")).hasSize(1000);
        assertThat(latency.split("<polyline", -1)[1].split("'")[1].split(" ")).hasSize(3);
    }

    @Test
    void niceTopRoundsUpToReadableEnds() {
        assertThat(StormPlots.niceTop(1.3)).isEqualTo(2.0);
        assertThat(StormPlots.niceTop(8.4)).isEqualTo(10.0);
        assertThat(StormPlots.niceTop(230)).isEqualTo(250.0);
        assertThat(StormPlots.niceTop(0)).isEqualTo(1.0);
    }

    private static double[] sortedMs(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i * 0.01;
        }
        return out;
    }

    /** {@code pods} allocations that took {@code writes} API writes and {@code cpu} of the agents' CPU. */
    private static StormBenchmark.Run run(int pods, long writes, Duration cpu) {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            calls.add(Call.ok(new StormPod("storm", "p" + i, "u" + i, "node-1", "storm-v4"), "10.100.1.1", 0, 1_000_000L * (i % 50)));
        }
        CountingApiServer.Counts api = new CountingApiServer.Counts(Map.of("POST spiderendpoints", writes), Map.of(), Map.of(), 0);
        Phase phase = new Phase(calls, Duration.ofSeconds(1), api, cpu);
        return new StormBenchmark.Run(new StormResult(pods, 10, phase, phase, List.of()),
                List.of(new AgentProcess.Memory(200_000, 210_000)), true);
    }
}
