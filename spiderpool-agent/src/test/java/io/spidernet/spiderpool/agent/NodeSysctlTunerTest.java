package io.spidernet.spiderpool.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.config.NodeSysctls;
import io.spidernet.spiderpool.core.config.NodeSysctls.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's sysctls on a directory laid out as /proc/sys. */
class NodeSysctlTunerTest {
    @TempDir
    Path dir;

    private Path sysctl(String path, String value) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, value + "\n");
    }

    @Test
    void changedValuesAreWrittenEqualOnesLeftAloneMissingOnesSkipped() throws IOException {
        sysctl("net/ipv4/neigh/default/gc_thresh3", "1024");
        sysctl("net/ipv4/conf/all/arp_notify", "0");
        Path forwarding = sysctl("net/ipv4/conf/all/forwarding", "1");
        FileTime untouched = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(forwarding, untouched);
        sysctl("net/ipv4/conf/all/rp_filter", "1");
        // no net/ipv6: a kernel without IPv6

        List<String> outcomes = new NodeSysctlTuner(dir).apply(NodeSysctls.forFamilies(true, true)).stream()
                .map(Object::toString).toList();

        assertThat(outcomes).containsExactly(
                "net.ipv4.neigh.default.gc_thresh3 1024 -> 28160",
                "net.ipv6.neigh.default.gc_thresh3 not in this kernel, skipped",
                "net.ipv4.conf.all.arp_notify 0 -> 1",
                "net.ipv4.conf.all.forwarding already 1",
                "net.ipv6.conf.all.forwarding not in this kernel, skipped",
                "net.ipv4.conf.all.rp_filter 1 -> 0");
        assertThat(Files.readString(dir.resolve("net/ipv4/neigh/default/gc_thresh3"))).isEqualTo("28160\n");
        assertThat(Files.readString(dir.resolve("net/ipv4/conf/all/rp_filter"))).isEqualTo("0\n");
        assertThat(Files.getLastModifiedTime(forwarding)).isEqualTo(untouched);
        assertThat(dir.resolve("net/ipv6")).doesNotExist();
    }

    @Test
    void aSettingThatCannotBeWrittenStopsTheStartAndSaysWhatToDo() throws IOException {
        sysctl("net/ipv4/conf/all/arp_notify", "0");
        // a directory where the value should be: unreadable as a file, even for root
        Files.createDirectories(dir.resolve("net/ipv4/conf/all/forwarding"));

        assertThatThrownBy(() -> new NodeSysctlTuner(dir).apply(NodeSysctls.forFamilies(true, false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("tuneSysctlConfig: net.ipv4.conf.all.forwarding ("
                        + dir.resolve("net/ipv4/conf/all/forwarding") + ") cannot be read")
                .hasMessageContaining("set tuneSysctlConfig: false in the spiderpool-conf ConfigMap");
    }

    @Test
    void aFileFarLongerThanASysctlIsRefusedUnread() throws IOException {
        sysctl("net/ipv4/conf/all/rp_filter", "1".repeat(10_000));
        Setting rpFilter = NodeSysctls.forFamilies(true, false).getLast();

        assertThatThrownBy(() -> new NodeSysctlTuner(dir).apply(List.of(rpFilter)))
                .hasMessageContaining("more than 4096 bytes: not a sysctl");
        assertThat(Files.size(dir.resolve("net/ipv4/conf/all/rp_filter"))).isEqualTo(10_001);
    }
}
