package io.spidernet.spiderpool.core.ifacer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.cni.CniError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BondOptionsTest {

    private static BondOptions parse(String text) {
        return BondOptions.parse(text, "bond.options");
    }

    /** Every key of §6.1 with a valid value as written and as normalised. */
    static Stream<Arguments> everyKnownKey() {
        return Stream.of(
                Arguments.of("active_slave", "eth1", "eth1"),
                Arguments.of("ad_actor_sys_prio", "100", "100"),
                Arguments.of("ad_actor_system", "02-AB-00-00-00-01", "02:ab:00:00:00:01"),
                Arguments.of("ad_select", "2", "2"),
                Arguments.of("ad_user_port_key", "7", "7"),
                Arguments.of("all_slaves_active", "1", "1"),
                Arguments.of("arp_interval", "250", "250"),
                Arguments.of("arp_ip_target", "[192.0.2.1, \"198.51.100.7\"]", "192.0.2.1,198.51.100.7"),
                Arguments.of("arp_validate", "3", "3"),
                Arguments.of("arp_all_targets", "1", "1"),
                Arguments.of("downdelay", "200", "200"),
                Arguments.of("fail_over_mac", "2", "2"),
                Arguments.of("lacp_rate", "1", "1"),
                Arguments.of("miimon", "0100", "100"),
                Arguments.of("min_links", "2", "2"),
                Arguments.of("packets_per_slave", "3", "3"),
                Arguments.of("primary", "eth2", "eth2"),
                Arguments.of("primary_reselect", "1", "1"),
                Arguments.of("tlb_dynamic_lb", "0", "0"),
                Arguments.of("up_delay", "400", "400"),
                Arguments.of("use_carrier", "1", "1"),
                Arguments.of("xmit_hash_policy", "4", "4"),
                Arguments.of("lp_interval", "1", "1"),
                Arguments.of("resend_igmp", "5", "5"),
                Arguments.of("peer_notif_delay", "300", "300"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("everyKnownKey")
    void readsEveryKnownKey(String key, String written, String normalised) {
        BondOptions options = parse(" " + key + " = " + written + " ");

        assertThat(options.values()).containsExactly(Map.entry(key, normalised));
        assertThat(options.ignored()).isEmpty();
    }

    @Test
    void theTableCoversEveryOption() {
        List<String> tested = everyKnownKey().map(a -> (String) a.get()[0]).toList();
        assertThat(tested).containsExactlyInAnyOrderElementsOf(Arrays.stream(BondOption.values()).map(BondOption::key).toList());
    }

    @Test
    void keepsTheWrittenOrderAndRenamesForTheKernel() {
        BondOptions options = parse("up_delay=200;miimon=100;arp_ip_target=[192.0.2.9,192.0.2.1]");

        assertThat(new ArrayList<>(options.kernelOptions().entrySet())).containsExactly(
                Map.entry("updelay", "200"), Map.entry("miimon", "100"), Map.entry("arp_ip_target", "192.0.2.9,192.0.2.1"));
    }

    @Test
    void skipsUnknownAndMalformedPairsButReportsEach() {
        BondOptions options = parse("mimon=100;miimon=50;lacp_rate;a=b=c;;=5;xmit_hash_policy=1;");

        assertThat(options.values()).containsExactly(Map.entry("miimon", "50"), Map.entry("xmit_hash_policy", "1"));
        assertThat(options.ignored()).containsExactly(
                new BondOptions.Ignored("mimon=100", "not a bond option ifacer knows"),
                new BondOptions.Ignored("lacp_rate", "not key=value"),
                new BondOptions.Ignored("a=b=c", "not key=value"),
                new BondOptions.Ignored("=5", "not a bond option ifacer knows"));
    }

    @Test
    void aRepeatedKeyKeepsTheLastValueAndReportsTheEarlierOne() {
        BondOptions options = parse("miimon=100;lacp_rate=1;miimon=200");

        assertThat(new ArrayList<>(options.values().entrySet()))
                .containsExactly(Map.entry("lacp_rate", "1"), Map.entry("miimon", "200"));
        assertThat(options.ignored()).containsExactly(new BondOptions.Ignored("miimon=100", "overridden by the later miimon=200"));
    }

    @Test
    void emptyOrBlankMeansNoOptions() {
        assertThat(parse(null)).isEqualTo(BondOptions.NONE);
        assertThat(parse("  ")).isEqualTo(BondOptions.NONE);
    }

    /** Lower and upper bound of every integer option: the bounds pass, one beyond fails naming the key. */
    static Stream<Arguments> integerBounds() {
        return Stream.of(
                Arguments.of("ad_actor_sys_prio", 1L, 65535L),
                Arguments.of("ad_select", 0L, 2L),
                Arguments.of("ad_user_port_key", 0L, 1023L),
                Arguments.of("all_slaves_active", 0L, 1L),
                Arguments.of("arp_interval", 0L, 2147483647L),
                Arguments.of("arp_validate", 0L, 6L),
                Arguments.of("arp_all_targets", 0L, 1L),
                Arguments.of("downdelay", 0L, 2147483647L),
                Arguments.of("fail_over_mac", 0L, 2L),
                Arguments.of("lacp_rate", 0L, 1L),
                Arguments.of("miimon", 0L, 2147483647L),
                Arguments.of("min_links", 0L, 2147483647L),
                Arguments.of("packets_per_slave", 0L, 65535L),
                Arguments.of("primary_reselect", 0L, 2L),
                Arguments.of("tlb_dynamic_lb", 0L, 1L),
                Arguments.of("up_delay", 0L, 2147483647L),
                Arguments.of("use_carrier", 0L, 1L),
                Arguments.of("xmit_hash_policy", 0L, 5L),
                Arguments.of("lp_interval", 1L, 2147483647L),
                Arguments.of("resend_igmp", 0L, 255L),
                Arguments.of("peer_notif_delay", 0L, 300000L));
    }

    @ParameterizedTest(name = "{0} in [{1}, {2}]")
    @MethodSource("integerBounds")
    void integerOptionsHaveTheKernelsRange(String key, long min, long max) {
        assertThat(parse(key + "=" + min).values()).containsEntry(key, Long.toString(min));
        assertThat(parse(key + "=" + max).values()).containsEntry(key, Long.toString(max));
        if (min > 0) {
            assertRefused(key + "=" + (min - 1), "bond option " + key + "=" + (min - 1) + " in \"bond.options\" is not valid: it must be a whole number from " + min + " to " + max);
        }
        assertRefused(key + "=" + (max + 1), "bond option " + key + "=" + (max + 1) + " in \"bond.options\" is not valid: it must be a whole number from " + min + " to " + max);
    }

    static Stream<Arguments> malformedValues() {
        return Stream.of(
                Arguments.of("miimon=abc", "miimon=abc", "it must be a whole number"),
                Arguments.of("miimon=-1", "miimon=-1", "it must be a whole number"),
                Arguments.of("miimon=1.5", "miimon=1.5", "it must be a whole number"),
                Arguments.of("miimon=99999999999", "miimon=99999999999", "it must be a whole number"),
                Arguments.of("miimon=", "miimon=", "it has no value"),
                Arguments.of("ad_actor_system=02:00:00:00:01", "ad_actor_system=02:00:00:00:01", "six hex octets"),
                Arguments.of("ad_actor_system=02:00:00:00:00:0g", "ad_actor_system=02:00:00:00:00:0g", "six hex octets"),
                Arguments.of("ad_actor_system=02:00-00:00:00:01", "ad_actor_system=02:00-00:00:00:01", "six hex octets"),
                Arguments.of("ad_actor_system=01:00:5e:00:00:01", "ad_actor_system=01:00:5e:00:00:01", "unicast, non-zero"),
                Arguments.of("ad_actor_system=00:00:00:00:00:00", "ad_actor_system=00:00:00:00:00:00", "unicast, non-zero"),
                Arguments.of("arp_ip_target=[192.0.2.1,2001:db8::1]", "arp_ip_target=[192.0.2.1,2001:db8::1]", "'2001:db8::1' is an IPv6 address"),
                Arguments.of("arp_ip_target=[192.0.2.300]", "arp_ip_target=[192.0.2.300]", "300 is above 255"),
                Arguments.of("arp_ip_target=[]", "arp_ip_target=[]", "is not an IP address"),
                Arguments.of("arp_ip_target=192.0.2.1,192.0.2.1", "arp_ip_target=192.0.2.1,192.0.2.1", "'192.0.2.1' is listed twice"),
                Arguments.of("arp_ip_target=0.1.2.3", "arp_ip_target=0.1.2.3", "cannot be an ARP target"),
                Arguments.of("arp_ip_target=255.255.255.255", "arp_ip_target=255.255.255.255", "cannot be an ARP target"),
                Arguments.of("primary=eth 1", "primary=eth 1", "not a valid interface name"),
                Arguments.of("active_slave=an-interface-name-too-long", "active_slave=an-interface-name-too-long", "not a valid interface name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedValues")
    void aKnownKeyWithABadValueFailsNamingTheKey(String text, String pair, String why) {
        assertThatThrownBy(() -> parse("miimon=100;" + text))
                .isInstanceOf(CniError.InvalidNetworkConfig.class)
                .hasMessageContaining("bond option " + pair + " in \"bond.options\" is not valid: ")
                .hasMessageContaining(why);
    }

    @Test
    void takesSixteenArpTargetsButNotSeventeen() {
        StringBuilder sixteen = new StringBuilder("arp_ip_target=[192.0.2.1");
        for (int i = 2; i <= 16; i++) {
            sixteen.append(",192.0.2.").append(i);
        }
        assertThat(parse(sixteen + "]").get(BondOption.ARP_IP_TARGET).split(",")).hasSize(16);

        assertRefused(sixteen + ",192.0.2.17]", "it lists 17 addresses; the kernel takes at most 16");
    }

    @Test
    void takesFourKibibytesOfOptionsButNotMore() {
        String pad = ";".repeat(BondOptions.MAX_BYTES - "miimon=100".length());
        assertThat(parse("miimon=100" + pad).values()).containsEntry("miimon", "100");

        assertThatThrownBy(() -> parse("miimon=100" + pad + ";"))
                .isInstanceOf(CniError.InvalidNetworkConfig.class)
                .hasMessageContaining("\"bond.options\" is 4097 bytes long, more than 4096");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(CniError.InvalidNetworkConfig.class).hasMessageContaining(message);
    }

    @Test
    void kernelNamesDifferOnlyForUpDelay() {
        Map<String, String> renamed = new LinkedHashMap<>();
        for (BondOption o : BondOption.values()) {
            if (!o.key().equals(o.kernelName())) {
                renamed.put(o.key(), o.kernelName());
            }
        }
        assertThat(renamed).containsExactly(Map.entry("up_delay", "updelay"));
    }
}
