package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.spidernet.spiderpool.core.ifacer.BondOption;
import io.spidernet.spiderpool.core.ifacer.BondOptions;
import io.spidernet.spiderpool.netlink.Links;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Core parses and normalises bond options, the netlink module encodes them: both must speak the
 * same names and value formats, or a bond option ifacer accepts would fail as an internal error.
 */
class BondOptionVocabularyTest {

    @Test
    void everyOptionIfacerKnowsIsOneTheNetlinkLayerEncodes() {
        assertThat(Links.knownBondOptions())
                .containsAll(Arrays.stream(BondOption.values()).map(BondOption::kernelName).toList());
    }

    @Test
    void everyNormalisedValueEncodes() {
        BondOptions options = BondOptions.parse("active_slave=eth1;ad_actor_sys_prio=100;ad_actor_system=02-AB-00-00-00-01;"
                + "ad_select=2;ad_user_port_key=7;all_slaves_active=1;arp_interval=250;arp_ip_target=[192.0.2.1,\"192.0.2.2\"];"
                + "arp_validate=3;arp_all_targets=1;downdelay=200;fail_over_mac=2;lacp_rate=1;miimon=100;min_links=2;"
                + "packets_per_slave=3;primary=eth2;primary_reselect=1;tlb_dynamic_lb=0;up_delay=400;use_carrier=1;"
                + "xmit_hash_policy=4;lp_interval=1;resend_igmp=5;peer_notif_delay=300", "bond.options");
        assertThat(options.values()).hasSize(BondOption.values().length);

        assertThatCode(() -> Links.createRequest(NetlinkHostLinks.bondLink("bond0", 1, options.kernelOptions()),
                Map.of("eth1", 2, "eth2", 3))).doesNotThrowAnyException();
    }
}
