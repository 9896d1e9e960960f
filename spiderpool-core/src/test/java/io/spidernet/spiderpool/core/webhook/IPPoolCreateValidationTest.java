package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Fixtures.CONF;
import static io.spidernet.spiderpool.core.webhook.Fixtures.pool;
import static io.spidernet.spiderpool.core.webhook.Fixtures.route;
import static io.spidernet.spiderpool.core.webhook.Fixtures.selector;
import static io.spidernet.spiderpool.core.webhook.Fixtures.subnet;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.webhook.Fixtures.Expect;
import io.spidernet.spiderpool.core.webhook.Fixtures.Pool;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SpiderIPPool create rules 1–9 of §7.1: for each rule, rows it accepts and rows it rejects. */
class IPPoolCreateValidationTest {
    private static final String V4 = "10.0.0.0/24";
    private static final String[] AUTO_KEYS = SpiderpoolAnnotations.APP_LABEL_KEYS.stream()
            .flatMap(k -> Stream.of(k, "x")).toArray(String[]::new);

    record Case(String rule, SpiderIPPool pool, List<SpiderIPPool> pools, List<SpiderSubnet> subnets, SpiderpoolConf conf,
            Expect expect) {
        Case pools(Pool... p) {
            return new Case(rule, pool, Stream.of(p).map(Pool::build).toList(), subnets, conf, expect);
        }

        Case subnets(Fixtures.Subnet... s) {
            return new Case(rule, pool, pools, Stream.of(s).map(Fixtures.Subnet::build).toList(), conf, expect);
        }

        Case conf(SpiderpoolConf c) {
            return new Case(rule, pool, pools, subnets, c, expect);
        }

        @Override
        public String toString() {
            return rule + " -> " + expect;
        }
    }

    static Case row(String rule, Pool pool, Expect expect) {
        return new Case(rule, pool.build(), List.of(), List.of(), CONF, expect);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"versionAndCidr", "neighbours", "ranges", "gatewayAndRoutes", "podAffinity", "controllerSubnet"})
    void createRule(Case c) {
        c.expect().check(new IPPoolValidator(c.conf()).validateCreate(c.pool(), c.pools(), c.subnets()));
    }

    static Stream<Case> versionAndCidr() {
        return Stream.of(
                row("1 ipVersion present and enabled", pool("p", V4), Expect.ALLOWED),
                row("1 ipVersion missing (subnet unreadable)", pool("p", "10.0.0.0"), Expect.invalid("spec.ipVersion", "could not be inferred")),
                row("1 IPv4 disabled", pool("p", V4), Expect.invalid("spec.ipVersion", "IPv4 is disabled"))
                        .conf(CONF.withFamilies(false, true)),
                row("1 IPv6 enabled alone", pool("p", "fd00::/64"), Expect.ALLOWED).conf(CONF.withFamilies(false, true)),
                row("2 canonical IPv6 CIDR", pool("p", "fd00:1::/64"), Expect.ALLOWED),
                row("2 host bits set", pool("p", "10.0.0.1/24"), Expect.invalid("spec.subnet", "'10.0.0.1/24' is not canonical, use '10.0.0.0/24'")),
                row("2 IPv6 not in RFC 5952 form", pool("p", "fd00:0::/64"), Expect.invalid("spec.subnet", "use 'fd00::/64'")),
                row("2 CIDR of the other family", pool("p", V4).version(IpVersion.IPV6), Expect.invalid("spec.subnet", "expected IPv6")));
    }

    static Stream<Case> neighbours() {
        return Stream.of(
                row("3 same CIDR as another pool", pool("p", V4).ips("10.0.0.1"), Expect.ALLOWED).pools(pool("q", V4).ips("10.0.0.2")),
                row("3 apart from other CIDRs", pool("p", V4), Expect.ALLOWED).pools(pool("q", "10.0.1.0/24"), pool("r", "fd00::/64")),
                row("3 name taken", pool("p", V4), Expect.alreadyExists("metadata.name", "IPPool 'p' already exists")).pools(pool("p", "10.9.0.0/24")),
                row("3 overlapping other CIDR", pool("p", "10.0.0.0/16"), Expect.invalid("spec.subnet", "overlaps IPPool 'q' whose spec.subnet is '10.0.0.0/24'"))
                        .pools(pool("q", V4)),
                row("5 disjoint IPs in the same CIDR", pool("p", V4).ips("10.0.0.1-10.0.0.9"), Expect.ALLOWED)
                        .pools(pool("q", V4).ips("10.0.0.10-10.0.0.20")),
                row("5 shared IP excluded by the other pool", pool("p", V4).ips("10.0.0.1-10.0.0.10"), Expect.ALLOWED)
                        .pools(pool("q", V4).ips("10.0.0.10-10.0.0.20").exclude("10.0.0.10")),
                row("5 IPs shared with a pool of the same CIDR", pool("p", V4).ips("10.0.0.1-10.0.0.10"),
                        Expect.invalid("spec.ips", "IPPool 'q' of the same subnet already holds 10.0.0.10;")).pools(pool("q", V4).ips("10.0.0.10-10.0.0.20")));
    }

    static Stream<Case> ranges() {
        return Stream.of(
                row("4 ranges inside the subnet, adjacent", pool("p", V4).ips("10.0.0.1-10.0.0.5", "10.0.0.6").exclude("10.0.0.3"), Expect.ALLOWED),
                row("4 range outside the subnet", pool("p", V4).ips("10.0.0.250-10.0.1.2"),
                        Expect.invalid("spec.ips[0]", "is outside spec.subnet 10.0.0.0/24; use addresses from 10.0.0.0 to 10.0.0.255")),
                row("4 entry not an IP", pool("p", V4).ips("10.0.0.300"), Expect.invalid("spec.ips[0]", "'10.0.0.300' is not an IP address")),
                row("4 entry of the other family", pool("p", V4).ips("fd00::1"), Expect.invalid("spec.ips[0]", "expected IPv4")),
                row("4 entries overlap", pool("p", V4).ips("10.0.0.1-10.0.0.6", "10.0.0.5-10.0.0.9"),
                        Expect.invalid("spec.ips[1]", "overlaps spec.ips[0] '10.0.0.1-10.0.0.6'; merge them")),
                row("4 excludeIPs outside the subnet", pool("p", V4).exclude("10.0.1.1"), Expect.invalid("spec.excludeIPs[0]", "is outside spec.subnet")),
                row("first failure only: rule 2 hides rule 4", pool("p", "10.0.0.1/24").ips("10.9.9.9"),
                        Expect.invalid("spec.subnet", "not canonical")));
    }

    static Stream<Case> gatewayAndRoutes() {
        Pool base = pool("p", V4).ips("10.0.0.10-10.0.0.20");
        return Stream.of(
                row("6 gateway outside spec.ips", pool("p", V4).ips("10.0.0.10-10.0.0.20").gateway("10.0.0.1"), Expect.ALLOWED),
                row("6 gateway inside spec.ips but excluded", pool("p", V4).ips("10.0.0.1-10.0.0.20").exclude("10.0.0.1").gateway("10.0.0.1"), Expect.ALLOWED),
                row("6 gateway inside spec.ips", pool("p", V4).ips("10.0.0.1-10.0.0.20").gateway("10.0.0.1"),
                        Expect.invalid("spec.gateway", "10.0.0.1 lies inside spec.ips (10.0.0.1-10.0.0.20), add it to spec.excludeIPs")),
                row("6 gateway outside the subnet", pool("p", V4).gateway("10.0.1.1"), Expect.invalid("spec.gateway", "is outside spec.subnet")),
                row("7 route via the subnet", base.routes(route("10.8.0.0/16", "10.0.0.1")), Expect.ALLOWED),
                row("7 default route", pool("p", V4).routes(route("0.0.0.0/0", "10.0.0.1")), Expect.invalid("spec.routes[0].dst", "set spec.gateway")),
                row("7 IPv6 default route", pool("p", "fd00::/64").routes(route("::/0", "fd00::1")), Expect.invalid("spec.routes[0].dst", "default route")),
                row("7 duplicate dst", pool("p", V4).routes(route("10.8.0.0/16", "10.0.0.1"), route("10.8.0.0/16", "10.0.0.2")),
                        Expect.invalid("spec.routes[1].dst", "keep one route per dst")),
                row("7 dst not a CIDR", pool("p", V4).routes(route("10.8.0.0", "10.0.0.1")), Expect.invalid("spec.routes[0].dst", "is not a CIDR")),
                row("7 gw outside the subnet", pool("p", V4).routes(route("10.8.0.0/16", "10.1.0.1")),
                        Expect.invalid("spec.routes[0].gw", "10.1.0.1 is outside spec.subnet")));
    }

    static Stream<Case> podAffinity() {
        Pool auto = pool("p", V4).label(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME, "app");
        return Stream.of(
                row("8 valid selector", pool("p", V4).podAffinity(selector("app", "web")), Expect.ALLOWED),
                row("8 empty selector", pool("p", V4).podAffinity(selector()), Expect.invalid("spec.podAffinity", "an empty podAffinity is not allowed")),
                row("8 bad label key", pool("p", V4).podAffinity(selector("bad key", "x")),
                        Expect.invalid("spec.podAffinity.matchLabels", "'bad key' is not a valid label key")),
                row("8 In without values", pool("p", V4).podAffinity(new LabelSelectorBuilder().addNewMatchExpression()
                        .withKey("app").withOperator("In").endMatchExpression().build()),
                        Expect.invalid("spec.podAffinity.matchExpressions[0].values", "must be non-empty")),
                row("8 auto-pool with the app keys", auto.podAffinity(selector(AUTO_KEYS)), Expect.ALLOWED),
                row("8 auto-pool with an extra key", pool("p", V4).label(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME, "app")
                        .podAffinity(selector("team", "a")), Expect.invalid("spec.podAffinity.matchLabels", "'team' cannot be added")),
                row("8 auto-pool with an expression", pool("p", V4).label(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME, "app")
                        .podAffinity(new LabelSelectorBuilder().addNewMatchExpression().withKey("app").withOperator("Exists")
                                .endMatchExpression().build()), Expect.invalid("spec.podAffinity.matchExpressions", "takes no matchExpressions")));
    }

    static Stream<Case> controllerSubnet() {
        Fixtures.Subnet s = subnet("s", V4).ips("10.0.0.1-10.0.0.100");
        String record = "{\"p\":{\"ips\":[\"10.0.0.1-10.0.0.5\"],\"application\":\"apps_v1_Deployment_ns_web\"}}";
        return Stream.of(
                row("9 IPs inside the controller subnet", pool("p", V4).ips("10.0.0.1-10.0.0.9").controlledBy("s"), Expect.ALLOWED).subnets(s),
                row("9 IPs beyond the controller subnet", pool("p", V4).ips("10.0.0.90-10.0.0.110").controlledBy("s"),
                        Expect.invalid("spec.ips", "SpiderSubnet 's' does not offer 10.0.0.101-10.0.0.110")).subnets(s),
                row("9 not checked without the subnet feature", pool("p", V4).ips("10.0.0.90-10.0.0.110").controlledBy("s"), Expect.ALLOWED)
                        .subnets(s).conf(CONF.withSpiderSubnet(false, false)),
                row("9 pool without IPs", pool("p", V4).controlledBy("gone"), Expect.ALLOWED),
                row("9 controller subnet missing", pool("p", V4).ips("10.0.0.1").controlledBy("gone"),
                        Expect.invalid("metadata.ownerReferences", "controller SpiderSubnet 'gone' does not exist")),
                row("9 auto-pool equal to the subnet record", pool("p", V4).ips("10.0.0.1-10.0.0.5").controlledBy("s")
                        .label(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME, "web"), Expect.ALLOWED).subnets(s.controlled(record)),
                row("9 auto-pool differs from the subnet record", pool("p", V4).ips("10.0.0.1-10.0.0.6").controlledBy("s")
                        .label(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME, "web"), Expect.invalid("spec.ips", "records 10.0.0.1-10.0.0.5 for it"))
                        .subnets(subnet("s", V4).ips("10.0.0.1-10.0.0.100").controlled(record)));
    }

    @Test
    void answersOnlyTheFirstFailingRule() {
        AdmissionResult r = new IPPoolValidator(CONF).validateCreate(
                pool("p", V4).ips("10.9.9.9").gateway("10.0.1.1").build(), List.of(), List.of());
        assertThat(r.errors()).extracting(FieldError::path).containsExactly("spec.ips[0]");
    }
}
