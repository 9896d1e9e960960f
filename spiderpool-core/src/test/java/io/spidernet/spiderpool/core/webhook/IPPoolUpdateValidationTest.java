package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Fixtures.CONF;
import static io.spidernet.spiderpool.core.webhook.Fixtures.pool;
import static io.spidernet.spiderpool.core.webhook.Fixtures.route;
import static io.spidernet.spiderpool.core.webhook.Fixtures.selector;
import static io.spidernet.spiderpool.core.webhook.Fixtures.subnet;

import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.webhook.Fixtures.Expect;
import io.spidernet.spiderpool.core.webhook.Fixtures.Pool;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SpiderIPPool update and delete rules of §7.1, one accepted and one rejected row (at least) per rule. */
class IPPoolUpdateValidationTest {
    private static final String V4 = "10.0.0.0/24";

    /** The stored pool most rows edit: ten IPs, two of them allocated. */
    private static Pool stored() {
        return pool("p", V4).ips("10.0.0.1-10.0.0.10").allocated("10.0.0.5", "default/a", "10.0.0.7", "default/b");
    }

    private static Pool edited() {
        return pool("p", V4).ips("10.0.0.1-10.0.0.10");
    }

    record Case(String rule, SpiderIPPool old, SpiderIPPool now, List<SpiderIPPool> pools, List<SpiderSubnet> subnets,
            SpiderpoolConf conf, Expect expect) {
        Case pools(Pool... p) {
            return new Case(rule, old, now, Stream.of(p).map(Pool::build).toList(), subnets, conf, expect);
        }

        Case subnets(Fixtures.Subnet... s) {
            return new Case(rule, old, now, pools, Stream.of(s).map(Fixtures.Subnet::build).toList(), conf, expect);
        }

        Case conf(SpiderpoolConf c) {
            return new Case(rule, old, now, pools, subnets, c, expect);
        }

        @Override
        public String toString() {
            return rule + " -> " + expect;
        }
    }

    static Case row(String rule, Pool old, Pool now, Expect expect) {
        return new Case(rule, old.build(), now.build(), List.of(), List.of(), CONF, expect);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"lifecycleAndImmutables", "specRulesAgain", "allocatedIps", "controllerSubnet"})
    void updateRule(Case c) {
        c.expect().check(new IPPoolValidator(c.conf()).validateUpdate(c.old(), c.now(), c.pools(), c.subnets()));
    }

    static Stream<Case> lifecycleAndImmutables() {
        return Stream.of(
                row("terminating, finalizer already removed", stored().finalizer().terminating(), edited().terminating(), Expect.ALLOWED),
                row("terminating with finalizer", stored().finalizer().terminating(), edited().finalizer().terminating(),
                        Expect.forbidden("metadata.deletionTimestamp", "cannot update a terminating IPPool")),
                row("ipVersion and subnet kept", stored(), edited().gateway("10.0.0.254"), Expect.ALLOWED),
                row("ipVersion changed", stored(), edited().version(IpVersion.IPV6), Expect.invalid("spec.ipVersion", "is not changeable (was 4)")),
                row("subnet changed", stored(), pool("p", "10.0.0.0/16").ips("10.0.0.1-10.0.0.10"),
                        Expect.invalid("spec.subnet", "is not changeable (was '10.0.0.0/24')")),
                row("1 IPv4 disabled since creation", stored(), edited(), Expect.invalid("spec.ipVersion", "IPv4 is disabled"))
                        .conf(CONF.withFamilies(false, true)));
    }

    static Stream<Case> specRulesAgain() {
        return Stream.of(
                row("4 IPs grown inside the subnet", stored(), pool("p", V4).ips("10.0.0.1-10.0.0.50"), Expect.ALLOWED),
                row("4 IPs grown outside the subnet", stored(), pool("p", V4).ips("10.0.0.1-10.0.1.50"), Expect.invalid("spec.ips[0]", "outside spec.subnet")),
                row("5 IPs grown into another pool's", stored(), pool("p", V4).ips("10.0.0.1-10.0.0.20"),
                        Expect.invalid("spec.ips", "IPPool 'q' of the same subnet already holds 10.0.0.20")).pools(stored(), pool("q", V4).ips("10.0.0.20")),
                row("5 the stored self is no neighbour", stored(), edited(), Expect.ALLOWED).pools(stored()),
                row("6 gateway set inside spec.ips", stored(), edited().gateway("10.0.0.1"), Expect.invalid("spec.gateway", "lies inside spec.ips")),
                row("7 route added", stored(), edited().routes(route("10.8.0.0/16", "10.0.0.254")), Expect.ALLOWED),
                row("7 default route added", stored(), edited().routes(route("0.0.0.0/0", "10.0.0.254")), Expect.invalid("spec.routes[0].dst", "default route")),
                row("8 podAffinity added", stored(), edited().podAffinity(selector("app", "web")), Expect.ALLOWED),
                row("8 empty podAffinity added", stored(), edited().podAffinity(selector()), Expect.invalid("spec.podAffinity", "empty podAffinity")));
    }

    static Stream<Case> allocatedIps() {
        return Stream.of(
                row("in use: unallocated IPs removed", stored(), pool("p", V4).ips("10.0.0.5-10.0.0.7"), Expect.ALLOWED),
                row("in use: allocated IP cut from spec.ips", stored(), pool("p", V4).ips("10.0.0.1-10.0.0.6"),
                        Expect.invalid("spec.ips", "removes allocated IPs 10.0.0.7 (pod default/b); keep them in spec.ips")),
                row("S00003 in use: allocated IP excluded", stored(), edited().exclude("10.0.0.5"),
                        Expect.invalid("spec.ips", "10.0.0.5 (pod default/a)")),
                row("in use: unallocated IP excluded", stored(), edited().exclude("10.0.0.6"), Expect.ALLOWED),
                row("in use: unreadable ledger", pool("p", V4).ips("10.0.0.1").allocated("x\"", "y"), pool("p", V4).ips("10.0.0.1"),
                        Expect.invalid("status.allocatedIPs", "is not JSON")));
    }

    static Stream<Case> controllerSubnet() {
        Fixtures.Subnet s = subnet("s", V4).ips("10.0.0.1-10.0.0.100");
        String record = "{\"p\":{\"ips\":[\"10.0.0.1-10.0.0.10\"]}}";
        Pool auto = pool("p", V4).ips("10.0.0.1-10.0.0.10").controlledBy("s").label(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME, "web");
        return Stream.of(
                row("9 grown inside the controller subnet", stored(), edited().ips("10.0.0.1-10.0.0.100").controlledBy("s"), Expect.ALLOWED).subnets(s),
                row("9 grown beyond the controller subnet", stored(), edited().ips("10.0.0.1-10.0.0.101").controlledBy("s"),
                        Expect.invalid("spec.ips", "does not offer 10.0.0.101")).subnets(s),
                row("9 auto-pool unchanged", auto, auto, Expect.ALLOWED).subnets(s.controlled(record)),
                row("9 auto-pool edited by hand", auto, pool("p", V4).ips("10.0.0.1-10.0.0.12").controlledBy("s")
                        .label(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME, "web"), Expect.invalid("spec.ips", "managed by SpiderSubnet 's'"))
                        .subnets(subnet("s", V4).ips("10.0.0.1-10.0.0.100").controlled(record)));
    }

    record DeleteCase(String rule, Pool pool, boolean guard, Expect expect) {
        @Override
        public String toString() {
            return rule + " -> " + expect;
        }
    }

    static Stream<DeleteCase> deletes() {
        return Stream.of(
                new DeleteCase("guard off, IPs allocated", pool("p", V4).allocatedCount(3), false, Expect.ALLOWED),
                new DeleteCase("guard on, nothing allocated", pool("p", V4).allocatedCount(0), true, Expect.ALLOWED),
                new DeleteCase("guard on, no status yet", pool("p", V4), true, Expect.ALLOWED),
                new DeleteCase("guard on, IPs allocated", pool("p", V4).allocatedCount(3), true,
                        Expect.forbidden("status.allocatedIPCount", "cannot delete an IPPool with allocated IPs: 'p' still has 3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deletes")
    void deleteGuard(DeleteCase c) {
        c.expect().check(new IPPoolValidator(CONF.withDeleteGuard(c.guard())).validateDelete(c.pool().build()));
    }
}
