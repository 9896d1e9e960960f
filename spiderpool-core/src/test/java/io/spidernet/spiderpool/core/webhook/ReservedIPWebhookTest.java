package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Fixtures.CONF;
import static io.spidernet.spiderpool.core.webhook.Fixtures.TERMINATING_SINCE;
import static io.spidernet.spiderpool.core.webhook.Fixtures.reserved;
import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.webhook.Fixtures.Expect;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SpiderReservedIP mutation and validation of §7.3, accepted and rejected rows per rule. */
class ReservedIPWebhookTest {

    record Mutate(String rule, SpiderReservedIP input, Consumer<Mutation<SpiderReservedIP>> then) {
        @Override
        public String toString() {
            return rule;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void mutationStep(Mutate c) {
        c.then().accept(new ReservedIPMutator().mutate(c.input()));
    }

    static Stream<Mutate> mutations() {
        return Stream.of(
                new Mutate("ipVersion inferred from ips[0]", reserved(null, "fd00::9-fd00::a"),
                        m -> assertThat(m.object().getSpec().getIpVersion()).isEqualTo(IpVersion.IPV6)),
                new Mutate("empty ips: nothing inferred, warned", reserved(null), m -> {
                    assertThat(m.object().getSpec().getIpVersion()).isNull();
                    assertThat(m.warnings()).singleElement().asString().startsWith("spec.ips: is empty");
                }),
                new Mutate("ips[0] unreadable: nothing inferred, warned", reserved(null, "10.0.0.x", "10.0.0.1"), m -> {
                    assertThat(m.object().getSpec().getIpVersion()).isNull();
                    assertThat(m.warnings()).singleElement().asString().startsWith("spec.ipVersion: not inferred");
                }),
                new Mutate("ranges merged", reserved(null, "10.0.0.3", "10.0.0.1-10.0.0.2", "10.0.0.9"),
                        m -> assertThat(m.object().getSpec().getIps()).containsExactly("10.0.0.1-10.0.0.3", "10.0.0.9")),
                new Mutate("entry of the other family: not merged, warned", reserved(IpVersion.IPV4, "10.0.0.1", "fd00::1"), m -> {
                    assertThat(m.object().getSpec().getIps()).containsExactly("10.0.0.1", "fd00::1");
                    assertThat(m.warnings()).singleElement().asString().contains("expected IPv4");
                }),
                new Mutate("terminating: left alone", terminating(reserved(null, "10.0.0.1")),
                        m -> assertThat(m.object().getSpec().getIpVersion()).isNull()),
                new Mutate("no finalizer, unlike pools and subnets", reserved(null, "10.0.0.1"),
                        m -> assertThat(m.object().getMetadata().getFinalizers()).isNullOrEmpty()));
    }

    record Validate(String rule, SpiderReservedIP old, SpiderReservedIP now, SpiderpoolConf conf, Expect expect) {
        @Override
        public String toString() {
            return rule + " -> " + expect;
        }
    }

    static Validate create(String rule, SpiderReservedIP now, Expect expect) {
        return new Validate(rule, null, now, CONF, expect);
    }

    static Validate update(String rule, SpiderReservedIP old, SpiderReservedIP now, Expect expect) {
        return new Validate(rule, old, now, CONF, expect);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validations")
    void validationRule(Validate c) {
        ReservedIPValidator v = new ReservedIPValidator(c.conf());
        c.expect().check(c.old() == null ? v.validateCreate(c.now()) : v.validateUpdate(c.old(), c.now()));
    }

    static Stream<Validate> validations() {
        SpiderReservedIP v4 = reserved(IpVersion.IPV4, "10.0.0.1-10.0.0.9");
        return Stream.of(
                create("version present and enabled", v4, Expect.ALLOWED),
                create("version missing", reserved(null, "10.0.0.1"), Expect.invalid("spec.ipVersion", "could not be inferred from spec.ips")),
                new Validate("IPv4 disabled", null, v4, CONF.withFamilies(false, true), Expect.invalid("spec.ipVersion", "IPv4 is disabled")),
                create("entries of the family, overlapping", reserved(IpVersion.IPV6, "fd00::1-fd00::9", "fd00::5"), Expect.ALLOWED),
                create("entry of the other family", reserved(IpVersion.IPV6, "fd00::1", "10.0.0.1"), Expect.invalid("spec.ips[1]", "expected IPv6")),
                create("entry not a range", reserved(IpVersion.IPV4, "10.0.0.9-10.0.0.1"), Expect.invalid("spec.ips[0]", "write 10.0.0.1-10.0.0.9")),
                update("ips edited", v4, reserved(IpVersion.IPV4, "10.0.0.1"), Expect.ALLOWED),
                update("ipVersion changed", v4, reserved(IpVersion.IPV6, "fd00::1"), Expect.invalid("spec.ipVersion", "is not changeable (was 4)")),
                update("bad entry on update", v4, reserved(IpVersion.IPV4, "10.0.0.1/32"), Expect.invalid("spec.ips[0]", "is not an IP address")),
                update("deletion starts", v4, terminating(reserved(IpVersion.IPV4, "10.0.0.1")), Expect.ALLOWED),
                update("already terminating", terminating(reserved(IpVersion.IPV4, "10.0.0.1")), terminating(reserved(IpVersion.IPV4, "10.0.0.2")),
                        Expect.forbidden("metadata.deletionTimestamp", "cannot update a terminating ReservedIP")));
    }

    @Test
    void unsupportedIpVersionMet_whileDecoding_isA422NotSupported() {
        AdmissionResult r = AdmissionResult.unsupportedIpVersion("5");

        assertThat(r.status().httpCode()).isEqualTo(422);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(FieldError.Type.NOT_SUPPORTED);
            assertThat(e.message()).isEqualTo("spec.ipVersion: '5' is not supported, use one of 4, 6");
        });
    }

    private static SpiderReservedIP terminating(SpiderReservedIP r) {
        r.getMetadata().setDeletionTimestamp(TERMINATING_SINCE);
        return r;
    }
}
