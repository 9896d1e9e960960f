package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which keys reach which /proc/sys file, and which are refused before any file is opened. */
class SysctlKeyTest {

    @Test
    void aDottedKeyIsAPathUnderProcSys() {
        assertThat(Sysctls.path("net.ipv4.conf.eth0.rp_filter")).isEqualTo(Path.of("/proc/sys/net/ipv4/conf/eth0/rp_filter"));
    }

    @Test
    void aSlashedKeyKeepsTheDotsOfAnInterfaceName() {
        assertThat(Sysctls.path("net/ipv4/conf/eth0.100/rp_filter"))
                .isEqualTo(Path.of("/proc/sys/net/ipv4/conf/eth0.100/rp_filter"));
    }

    @Test
    void keysOutsideNetOrWithEmptyOrParentElementsAreRefused() {
        assertThatThrownBy(() -> Sysctls.path("kernel.hostname")).hasMessageContaining("'kernel.hostname' is not under net.");
        assertThatThrownBy(() -> Sysctls.path("network.x")).hasMessageContaining("is not under net.");
        assertThatThrownBy(() -> Sysctls.path("net..ipv4")).hasMessageContaining("'net..ipv4' has an empty");
        assertThatThrownBy(() -> Sysctls.path("net.ipv4.")).hasMessageContaining("has an empty");
        assertThatThrownBy(() -> Sysctls.path("net/../kernel/hostname")).hasMessageContaining("'.' or '..'");
        assertThatThrownBy(() -> Sysctls.path("net/ipv4/./x")).hasMessageContaining("'.' or '..'");
        assertThatThrownBy(() -> Sysctls.path("")).hasMessageContaining("sysctl key is empty");
    }
}
