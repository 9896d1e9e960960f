package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.coordinator.NetOp;
import io.spidernet.spiderpool.core.coordinator.RouteSpec;
import io.spidernet.spiderpool.core.coordinator.RuleSpec;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.netlink.IpPrefix;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The byte-level conversions between core's values and the netlink module's, and how ops read in errors. */
class KernelValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0/0", "192.0.2.10/24", "255.255.255.255/32", "128.0.0.1/32", "::/0",
            "2001:db8::1/64", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "::1/128"})
    void roundTripsEveryAddressBitForBit(String text) {
        Cidr cidr = Cidr.parse(text);

        IpPrefix prefix = KernelValues.prefix(cidr);

        assertThat(prefix).isEqualTo(IpPrefix.parse(text));
        assertThat(KernelValues.cidr(prefix)).isEqualTo(cidr);
    }

    @Test
    void randomMacsAreLocallyAdministeredUnicast() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            String mac = PodFactsReader.randomMac(random);
            int first = HexFormat.fromHexDigits(mac, 0, 2);

            assertThat(mac).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
            assertThat(first & 0x02).as(mac).isEqualTo(0x02);
            assertThat(first & 0x01).as(mac).isZero();
        }
    }

    @Test
    void opsReadLikeTheIpCommand() {
        RouteSpec hijack = new RouteSpec(RouteSpec.MAIN, Cidr.parse("10.96.0.0/12"), IpAddress.parse("192.0.2.1"),
                "veth0", RouteSpec.Scope.UNIVERSE, IpAddress.parse("192.0.2.10"));
        RouteSpec host = new RouteSpec(500, Cidr.parse("192.0.2.10/32"), null, "vethabc", RouteSpec.Scope.LINK, null);

        assertThat(NetOpText.describe(new NetOp.AddRoute(hijack)))
                .isEqualTo("add route 10.96.0.0/12 via 192.0.2.1 dev veth0 table main src 192.0.2.10");
        assertThat(NetOpText.describe(new NetOp.DeleteRoute(host)))
                .isEqualTo("delete route 192.0.2.10/32 dev vethabc table 500 scope link");
        assertThat(NetOpText.describe(new NetOp.AddRule(new RuleSpec(IpFamily.V4, 1000, 100, null, null, 1))))
                .isEqualTo("add rule (IPv4) from all fwmark 0x1 lookup 100 priority 1000");
        assertThat(NetOpText.describe(new NetOp.AddRule(new RuleSpec(IpFamily.V6, 999, 101,
                Cidr.parse("2001:db8::10/128"), null, 0))))
                .isEqualTo("add rule (IPv6) from 2001:db8::10/128 lookup 101 priority 999");
    }
}
