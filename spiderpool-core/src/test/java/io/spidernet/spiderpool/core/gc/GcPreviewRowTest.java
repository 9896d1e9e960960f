package io.spidernet.spiderpool.core.gc;

import static io.spidernet.spiderpool.core.gc.GcFixtures.at;
import static io.spidernet.spiderpool.core.gc.GcFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GcPreviewRowTest {

    @Test
    void eachVerdictBecomesOneRowAndOnlyReleasesAreListedAsFreed() {
        PoolRecord a = record("v6", "fd00::5", "web/a", "uid-a");
        PoolRecord b = record("v4", "10.6.0.9", "web/b", "uid-b");
        PoolRecord c = record("v4", "10.6.0.5", "web/c", "uid-c");
        List<GcPreviewRow> rows = List.of(
                GcPreviewRow.of(a, new ScanVerdict.Release("a is gone", true)),
                GcPreviewRow.of(b, new ScanVerdict.Trace(at(30), "b is terminating")),
                GcPreviewRow.of(c, new ScanVerdict.Release("c is gone", false)));

        assertThat(rows.get(1)).isEqualTo(new GcPreviewRow("v4", "10.6.0.9", "web/b", "uid-b", "Trace",
                Optional.of(at(30)), false, "b is terminating"));
        assertThat(GcPreviewRow.releases(rows)).containsExactly(
                new GcPreviewRow("v4", "10.6.0.5", "web/c", "uid-c", "Release", Optional.empty(), false, "c is gone"),
                new GcPreviewRow("v6", "fd00::5", "web/a", "uid-a", "Release", Optional.empty(), true, "a is gone"));
        assertThat(GcPreviewRow.of(a, new ScanVerdict.Keep("kept")).verdict()).isEqualTo("Keep");
    }
}
