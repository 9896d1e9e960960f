package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.ifacer.IfacerStep;
import io.spidernet.spiderpool.netlink.NetlinkException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HostLinkFailuresTest {
    private static final IfacerStep VLAN = new IfacerStep.CreateVlan("eth0.50", "eth0", 50);
    private static final IfacerStep BOND = new IfacerStep.CreateBond("bond0", 1, Map.of("miimon", "100"));
    private static final IfacerStep BOND_ACTIVE = new IfacerStep.CreateBond("bond0", 1, Map.of("active_slave", "eth1"));
    private static final IfacerStep ENSLAVE = new IfacerStep.SetMaster("eth1", "bond0");

    static Stream<Arguments> errnos() {
        return Stream.of(
                Arguments.of(ENSLAVE, HostLinkFailures.EPERM, "Operation not permitted (errno 1); ifacer needs CAP_NET_ADMIN"),
                Arguments.of(ENSLAVE, HostLinkFailures.EACCES, "Permission denied (errno 13); ifacer needs CAP_NET_ADMIN"),
                Arguments.of(VLAN, HostLinkFailures.EOPNOTSUPP, "`modprobe 8021q`"),
                Arguments.of(BOND, HostLinkFailures.EOPNOTSUPP, "`modprobe bonding`"),
                Arguments.of(VLAN, HostLinkFailures.EEXIST, "another link of that name appeared while ifacer ran"),
                Arguments.of(ENSLAVE, HostLinkFailures.ENODEV, "the link disappeared while ifacer ran"),
                Arguments.of(ENSLAVE, HostLinkFailures.EBUSY, "the link is in use by something else"),
                Arguments.of(BOND, HostLinkFailures.EINVAL, "the kernel refused the bond's settings: check \"bond.mode\""),
                Arguments.of(BOND_ACTIVE, HostLinkFailures.EINVAL, "active_slave must name an enslaved interface"),
                Arguments.of(BOND, HostLinkFailures.ERANGE, "the kernel refused the bond's settings"),
                Arguments.of(VLAN, HostLinkFailures.EINVAL, "the kernel refused the request: check \"vlanID\""),
                Arguments.of(VLAN, 5, "Input/output error (errno 5); see the kernel log (dmesg)"));
    }

    @ParameterizedTest(name = "{0} errno {1}")
    @MethodSource("errnos")
    void namesTheStepTheErrnoAndWhatToChange(IfacerStep step, int errno, String expected) {
        CniError e = HostLinkFailures.of(step, new NetlinkException("op " + step.link(), errno));

        assertThat(e.code()).isEqualTo(121);
        assertThat(e.details()).startsWith("ifacer could not " + step.describe() + ": op " + step.link() + ": ")
                .contains(expected);
    }
}
