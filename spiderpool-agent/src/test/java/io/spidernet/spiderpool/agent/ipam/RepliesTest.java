package io.spidernet.spiderpool.agent.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.api.agent.v1.IpConfig;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The detection switches travel from spiderpool-conf (enableIPConflictDetection,
 * enableGatewayDetection) into every address of the agent's answer, where the IPAM plugin reads
 * them per address, as upstream's IPConfig carries them.
 */
class RepliesTest {
    static final IPAllocationDetail NET1 = new IPAllocationDetail("net1", "192.0.2.10/24", "2001:db8::10/64",
            "v4", "v6", 0L, "192.0.2.1", "2001:db8::1", false, List.of(), null);

    static SpiderpoolConf conf(boolean conflict, boolean gateway) {
        return new SpiderpoolConf(true, true, true, true, false, false, conflict, gateway, false, 5000);
    }

    @ParameterizedTest(name = "enableIPConflictDetection={0} enableGatewayDetection={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void everyAddressCarriesTheConfiguredSwitches(boolean conflict, boolean gateway) {
        List<IpConfig> ips = Replies.ipConfigs(NET1, conf(conflict, gateway));
        assertThat(ips).extracting(IpConfig::getAddress).containsExactly("192.0.2.10/24", "2001:db8::10/64");
        assertThat(ips).extracting(IpConfig::getEnableIpConflictDetection).containsOnly(conflict);
        assertThat(ips).extracting(IpConfig::getEnableGatewayDetection).containsOnly(gateway);
    }
}
