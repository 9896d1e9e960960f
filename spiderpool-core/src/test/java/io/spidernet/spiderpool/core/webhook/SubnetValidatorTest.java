package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Fixtures.CONF;
import static io.spidernet.spiderpool.core.webhook.Fixtures.pool;
import static io.spidernet.spiderpool.core.webhook.Fixtures.route;
import static io.spidernet.spiderpool.core.webhook.Fixtures.subnet;

import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.webhook.Fixtures.Expect;
import io.spidernet.spiderpool.core.webhook.Fixtures.Pool;
import io.spidernet.spiderpool.core.webhook.Fixtures.Subnet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SpiderSubnet create, update and delete rules of §7.2, accepted and rejected rows per rule. */
class SubnetValidatorTest {
    private static final String V4 = "10.6.0.0/24";

    record Create(String rule, SpiderSubnet subnet, List<SpiderSubnet> subnets, List<SpiderIPPool> pools, SpiderpoolConf conf,
            Expect expect) {
        Create subnets(Subnet... s) {
            return new Create(rule, subnet, Stream.of(s).map(Subnet::build).toList(), pools, conf, expect);
        }

        Create pools(Pool... p) {
            return new Create(rule, subnet, subnets, Stream.of(p).map(Pool::build).toList(), conf, expect);
        }

        @Override
        public String toString() {
            return rule + " -> " + expect;
        }
    }

    static Create create(String rule, Subnet subnet, Expect expect) {
        return new Create(rule, subnet.build(), List.of(), List.of(), CONF, expect);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"versionCidrAndNeighbours", "specRules"})
    void createRule(Create c) {
        c.expect().check(new SubnetValidator(c.conf()).validateCreate(c.subnet(), c.subnets(), c.pools()));
    }

    static Stream<Create> versionCidrAndNeighbours() {
        return Stream.of(
                create("version enabled", subnet("s", V4), Expect.ALLOWED),
                create("version missing", subnet("s", "10.6.0.0"), Expect.invalid("spec.ipVersion", "could not be inferred")),
                new Create("IPv6 disabled", subnet("s", "fd00::/64").build(), List.of(), List.of(), CONF.withFamilies(true, false),
                        Expect.invalid("spec.ipVersion", "IPv6 is disabled")),
                create("CIDR not canonical", subnet("s", "10.6.0.7/24"), Expect.invalid("spec.subnet", "use '10.6.0.0/24'")),
                create("name taken", subnet("s", V4), Expect.alreadyExists("metadata.name", "Subnet 's' already exists"))
                        .subnets(subnet("s", "10.9.0.0/24")),
                create("subnets apart or of the other family", subnet("s", V4), Expect.ALLOWED)
                        .subnets(subnet("a", "10.6.1.0/24"), subnet("b", "fd00::/64")),
                create("subnet overlapping", subnet("s", "10.6.0.0/16"), Expect.invalid("spec.subnet", "overlaps Subnet 'a' whose spec.subnet is '10.6.0.0/24'"))
                        .subnets(subnet("a", V4)),
                create("subnet with the same CIDR", subnet("s", V4), Expect.invalid("spec.subnet", "only one Subnet may cover an address"))
                        .subnets(subnet("a", V4)),
                create("pool of another CIDR apart", subnet("s", V4), Expect.ALLOWED).pools(pool("p", "10.6.1.0/24")),
                create("pool of another CIDR overlapping", subnet("s", "10.6.0.0/16"),
                        Expect.invalid("spec.subnet", "overlaps IPPool 'p' whose spec.subnet is '10.6.0.0/24'")).pools(pool("p", V4)),
                create("pool of the CIDR fits in the IPs", subnet("s", V4).ips("10.6.0.1-10.6.0.100"), Expect.ALLOWED)
                        .pools(pool("p", V4).ips("10.6.0.1-10.6.0.200").exclude("10.6.0.101-10.6.0.200")),
                create("pool of the CIDR has IPs outside", subnet("s", V4).ips("10.6.0.1-10.6.0.100").exclude("10.6.0.50"),
                        Expect.invalid("spec.ips", "IPPool 'p' owns 10.6.0.50, which Subnet 's' would not control"))
                        .pools(pool("p", V4).ips("10.6.0.50")),
                create("subnet IPs unreadable while pools compare", subnet("s", V4).ips("10.6.0.999"),
                        Expect.invalid("spec.ips[0]", "is not an IP address")).pools(pool("p", V4).ips("10.6.0.5")));
    }

    static Stream<Create> specRules() {
        return Stream.of(
                create("ips inside, overlapping entries allowed", subnet("s", V4).ips("10.6.0.1-10.6.0.9", "10.6.0.5-10.6.0.20"), Expect.ALLOWED),
                create("ips outside the CIDR", subnet("s", V4).ips("10.6.1.1"), Expect.invalid("spec.ips[0]", "is outside spec.subnet 10.6.0.0/24")),
                create("excludeIPs outside the CIDR", subnet("s", V4).exclude("10.6.1.1"), Expect.invalid("spec.excludeIPs[0]", "is outside spec.subnet")),
                create("gateway excluded", subnet("s", V4).ips("10.6.0.1-10.6.0.9").exclude("10.6.0.1").gateway("10.6.0.1"), Expect.ALLOWED),
                create("gateway inside ips", subnet("s", V4).ips("10.6.0.1-10.6.0.9").gateway("10.6.0.1"), Expect.invalid("spec.gateway", "lies inside spec.ips")),
                create("route via the subnet", subnet("s", V4).routes(route("172.16.0.0/12", "10.6.0.1")), Expect.ALLOWED),
                create("route with gw outside", subnet("s", V4).routes(route("172.16.0.0/12", "10.7.0.1")), Expect.invalid("spec.routes[0].gw", "outside spec.subnet")),
                create("IPv6 dst on an IPv4 subnet", subnet("s", V4).routes(route("fd00::/64", "10.6.0.1")), Expect.invalid("spec.routes[0].dst", "expected IPv4")));
    }

    record Update(String rule, Subnet old, Subnet now, SpiderpoolConf conf, Expect expect) {
        @Override
        public String toString() {
            return rule + " -> " + expect;
        }
    }

    static Update update(String rule, Subnet old, Subnet now, Expect expect) {
        return new Update(rule, old, now, CONF, expect);
    }

    /** The stored subnet: IPs .1–.100, of which pool p holds .1–.10. */
    private static Subnet stored() {
        return subnet("s", V4).ips("10.6.0.1-10.6.0.100").controlled("{\"p\":{\"ips\":[\"10.6.0.1-10.6.0.10\"]}}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void updateRule(Update c) {
        c.expect().check(new SubnetValidator(c.conf()).validateUpdate(c.old().build(), c.now().build()));
    }

    static Stream<Update> updates() {
        return Stream.of(
                update("terminating, finalizer already removed", stored().finalizer().terminating(), stored().terminating(), Expect.ALLOWED),
                update("terminating with finalizer", stored().finalizer().terminating(), stored().finalizer().terminating(),
                        Expect.forbidden("metadata.deletionTimestamp", "cannot update a terminating Subnet")),
                update("ipVersion changed", stored(), stored().version(IpVersion.IPV6), Expect.invalid("spec.ipVersion", "is not changeable")),
                update("subnet changed", stored(), subnet("s", "10.6.0.0/23"), Expect.invalid("spec.subnet", "is not changeable")),
                new Update("IPv4 disabled since creation", stored(), stored(), CONF.withFamilies(false, true), Expect.invalid("spec.ipVersion", "IPv4 is disabled")),
                update("IPs grown inside the CIDR", stored(), stored().ips("10.6.0.1-10.6.0.200"), Expect.ALLOWED),
                update("IPs grown outside the CIDR", stored(), stored().ips("10.6.0.1-10.6.1.200"), Expect.invalid("spec.ips[0]", "outside spec.subnet")),
                update("gateway set inside ips", stored(), stored().gateway("10.6.0.50"), Expect.invalid("spec.gateway", "lies inside spec.ips")),
                update("free IPs removed", stored(), stored().ips("10.6.0.1-10.6.0.20"), Expect.ALLOWED),
                update("pool's IPs cut from ips", stored(), stored().ips("10.6.0.5-10.6.0.100"),
                        Expect.invalid("spec.ips", "removes 10.6.0.1-10.6.0.4, which IPPool 'p' holds")),
                update("pool's IP excluded", stored(), stored().exclude("10.6.0.10"), Expect.invalid("spec.ips", "removes 10.6.0.10")),
                update("unreadable record", stored().controlled("[1]"), stored(), Expect.invalid("status.controlledIPPools", "is not a JSON object")));
    }

    record Delete(String rule, Subnet subnet, boolean guard, Expect expect) {
        @Override
        public String toString() {
            return rule + " -> " + expect;
        }
    }

    static Stream<Delete> deletes() {
        return Stream.of(
                new Delete("guard off, IPs handed to pools", subnet("s", V4).allocatedCount(10), false, Expect.ALLOWED),
                new Delete("guard on, nothing handed out", subnet("s", V4).allocatedCount(0), true, Expect.ALLOWED),
                new Delete("guard on, IPs handed to pools", subnet("s", V4).allocatedCount(10), true,
                        Expect.forbidden("status.allocatedIPCount", "cannot delete a Subnet with allocated IPs: 's' has handed 10 IPs")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deletes")
    void deleteGuard(Delete c) {
        c.expect().check(new SubnetValidator(CONF.withDeleteGuard(c.guard())).validateDelete(c.subnet().build()));
    }
}
