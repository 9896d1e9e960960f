package io.spidernet.spiderpool.core.autopool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.annotation.PoolIpNumber;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoPoolDemandsTest {
    private static final SpiderpoolConf CONF = SpiderpoolConf.defaults();
    private static final String SUBNETS = "ipam.spidernet.io/subnets";
    private static final String IP_NUMBER = "ipam.spidernet.io/ippool-ip-number";
    private static final String RECLAIM = "ipam.spidernet.io/ippool-reclaim";

    @Test
    void noSubnetAnnotationMeansNoPools() {
        assertThat(PoolDemands.of(Apps.deployment("web", "u", 2, Map.of()), CONF)).isEmpty();
    }

    @Test
    void I00024_nothingWhenAutoPoolsOrSubnetsAreSwitchedOff() {
        AppWorkload w = Apps.deployment("web", "u", 2, Apps.subnetV4("s4"));

        assertThat(PoolDemands.of(w, CONF.withSpiderSubnet(true, false))).isEmpty();
        assertThat(PoolDemands.of(w, CONF.withSpiderSubnet(false, true))).isEmpty();
        assertThat(PoolDemands.of(w, CONF)).hasSize(1);
    }

    @Test
    void singleSubnetAnnotationDefaultsToEth0AndTheFlexibleDefault() {
        PoolDemand d = PoolDemands.of(Apps.deployment("web", "u", 2, Apps.subnetV4("s4")), CONF).getFirst();

        assertThat(d.nic()).isEqualTo("eth0");
        assertThat(d.family()).isEqualTo(IpFamily.V4);
        assertThat(d.subnet()).isEqualTo("s4");
        assertThat(d.reclaim()).isTrue();
        // §13 item 1: the chart's documented default "+1", not upstream's effective "+0"
        assertThat(d.ipNumber()).isEqualTo(new PoolIpNumber.Flexible(1));
        assertThat(d.size()).isEqualTo(3);
    }

    @Test
    void configuredFlexibleDefaultIsUsedWhenTheAnnotationIsAbsent() {
        PoolDemand d = PoolDemands.of(Apps.deployment("web", "u", 2, Apps.subnetV4("s4")),
                CONF.withDefaultFlexibleIpNumber(4)).getFirst();

        assertThat(d.size()).isEqualTo(6);
        assertThat(d.ipNumber().annotationValue()).isEqualTo("+4");
    }

    @Test
    void fixedAndFlexibleNumbersAndReclaimFalseComeFromTheTemplate() {
        var fixed = Apps.with(Apps.with(Apps.subnetV4("s4"), IP_NUMBER, "5"), RECLAIM, "false");
        PoolDemand d = PoolDemands.of(Apps.deployment("web", "u", 2, fixed), CONF).getFirst();
        assertThat(d.size()).isEqualTo(5);
        assertThat(d.reclaim()).isFalse();

        var flexible = Apps.with(Apps.subnetV4("s4"), IP_NUMBER, "+2");
        assertThat(PoolDemands.of(Apps.deployment("web", "u", 3, flexible), CONF).getFirst().size()).isEqualTo(5);
    }

    @Test
    void I00012_onePoolPerNicAndFamily() {
        String subnets = "[{\"interface\":\"eth0\",\"ipv4\":[\"a4\"],\"ipv6\":[\"a6\"]},"
                + "{\"interface\":\"net1\",\"ipv4\":[\"b4\"]}]";
        List<PoolDemand> ds = PoolDemands.of(Apps.deployment("web", "1111-2222-abcdef", 1, Map.of(SUBNETS, subnets)), CONF);

        assertThat(ds).extracting(PoolDemand::poolName).containsExactly(
                "auto4-web-eth0-abcde", "auto6-web-eth0-abcde", "auto4-web-net1-abcde");
        assertThat(ds).extracting(PoolDemand::subnet).containsExactly("a4", "a6", "b4");
    }

    @Test
    void familiesTheClusterDoesNotServeGetNoPool() {
        String subnets = "[{\"interface\":\"eth0\",\"ipv4\":[\"a4\"],\"ipv6\":[\"a6\"]}]";
        List<PoolDemand> ds = PoolDemands.of(Apps.deployment("web", "u", 1, Map.of(SUBNETS, subnets)),
                CONF.withFamilies(true, false));

        assertThat(ds).extracting(PoolDemand::family).containsExactly(IpFamily.V4);
    }

    @Test
    void malformedAnnotationIsAnInvalidRequestNamingTheApplication() {
        var bad = Apps.with(Apps.subnetV4("s4"), IP_NUMBER, "-3");

        assertThatThrownBy(() -> PoolDemands.of(Apps.deployment("web", "u", 1, bad), CONF))
                .isInstanceOf(AutoPoolException.InvalidRequest.class)
                .hasMessageContaining("Deployment team-a/web")
                .hasMessageContaining("ippool-ip-number");
    }

    @Test
    void thirdPartyControllerNeedsAFixedNumber() {
        Application clone = new Application("apps.kruise.io/v1alpha1", "CloneSet", "ns", "c", "u");

        assertThatThrownBy(() -> PoolDemands.of(AppWorkload.thirdParty(clone, 3, Apps.subnetV4("s4")), CONF))
                .isInstanceOf(AutoPoolException.InvalidRequest.class)
                .hasMessageContaining("fixed");
        var fixed = Apps.with(Apps.subnetV4("s4"), IP_NUMBER, "4");
        assertThat(PoolDemands.of(AppWorkload.thirdParty(clone, 3, fixed), CONF).getFirst().size()).isEqualTo(4);
    }

    @Test
    void nameIsFamilyAppNicAndUidTailLowercased() {
        Application app = new Application("apps/v1", "Deployment", "ns", "Web", "0a1b-2c3d-EF45678");

        assertThat(AutoPoolNames.of(app, "Net1", IpFamily.V6)).isEqualTo("auto6-web-net1-ef456");
        assertThat(AutoPoolNames.of(new Application("apps/v1", "Deployment", "ns", "web", "abc"), "eth0", IpFamily.V4))
                .isEqualTo("auto4-web-eth0-abc");
    }

    @Test
    void I00017_veryLongApplicationNameIsCutSoThePoolNameFits() {
        String longName = "a".repeat(250);
        Application app = new Application("apps/v1", "Deployment", "ns", longName, "1234-5678-9abcdef");

        String name = AutoPoolNames.of(app, "eth0", IpFamily.V4);

        assertThat(name).hasSize(AutoPoolNames.MAX_LENGTH)
                .startsWith("auto4-aaaa")
                .endsWith("a-eth0-9abcd");
    }
}
