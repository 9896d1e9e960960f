package io.spidernet.spiderpool.core.cni;

import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.CONTAINER_ID;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.IF_NAME;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.NAMESPACE;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.NETNS;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.NETWORK_NAME;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.POD_NAME;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.POD_UID;
import static io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule.POOL_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.NodeRequestFields.Field;
import io.spidernet.spiderpool.core.cni.NodeRequestFields.ListField;
import io.spidernet.spiderpool.core.cni.NodeRequestFields.Refusal;
import io.spidernet.spiderpool.core.cni.NodeRequestFields.Rule;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeRequestFieldsTest {

    private static Optional<Refusal> one(Rule rule, String value) {
        return NodeRequestFields.check(List.of(new Field("f", value, rule)), List.of());
    }

    @ParameterizedTest(name = "{0} accepts ''{1}''")
    @CsvSource({
            "CONTAINER_ID, 9f3c1e0b3c8c3f1d2e",
            "CONTAINER_ID, a_b.c-D",
            "IF_NAME, eth0",
            "IF_NAME, net1.100",
            "NETNS, /var/run/netns/cni-1234",
            "NAMESPACE, kube-system",
            "POD_NAME, web-0.db",
            "POD_UID, 5a0e6c1e-3b0c-4a57-9c1f-0b3c8c3f1d2e",
            "POOL_NAME, default-v4-ippool",
            "NETWORK_NAME, macvlan-conf",
            "NETWORK_NAME, kube-system_macvlan.v1",
    })
    void kubeletsValuesPass(Rule rule, String value) {
        assertThat(one(rule, value)).isEmpty();
    }

    @ParameterizedTest(name = "{0} refuses ''{1}''")
    @CsvSource({
            "CONTAINER_ID, -leading-dash",
            "CONTAINER_ID, a/b",
            "CONTAINER_ID, a b",
            "IF_NAME, eth0:1",
            "IF_NAME, a/b",
            "IF_NAME, ..",
            "IF_NAME, sixteen-bytes-xx",
            "NAMESPACE, Kube-System",
            "NAMESPACE, ns.with.dots",
            "NAMESPACE, -ns",
            "POD_NAME, Web",
            "POD_NAME, web..0",
            "POD_NAME, ../../etc",
            "POD_UID, uid/../x",
            "POOL_NAME, pool_1",
            "NETWORK_NAME, net/a",
            "NETWORK_NAME, -net",
    })
    void malformedValuesAreRefusedNamingFieldValueAndRule(Rule rule, String value) {
        Refusal r = one(rule, value).orElseThrow();

        assertThat(r.field()).isEqualTo("f");
        assertThat(r.message()).startsWith("f '" + value + "' is not valid: " + rule.text());
    }

    @Test
    void lengthCapsSitExactlyOnTheLimit() {
        assertThat(one(NAMESPACE, "a".repeat(63))).isEmpty();
        assertThat(one(NAMESPACE, "a".repeat(64))).isPresent();
        assertThat(one(POD_NAME, "a".repeat(253))).isEmpty();
        assertThat(one(POD_NAME, "a".repeat(254))).isPresent();
        assertThat(one(CONTAINER_ID, "a".repeat(256))).isEmpty();
        assertThat(one(CONTAINER_ID, "a".repeat(257))).isPresent();
        assertThat(one(POD_UID, "a".repeat(128))).isEmpty();
        assertThat(one(POD_UID, "a".repeat(129))).isPresent();
        assertThat(one(NETNS, "/" + "n".repeat(4095))).isEmpty();
        assertThat(one(NETNS, "/" + "n".repeat(4096))).isPresent();
        assertThat(one(IF_NAME, "a".repeat(15))).isEmpty();
        assertThat(one(NETWORK_NAME, "n".repeat(253))).isEmpty();
        assertThat(one(NETWORK_NAME, "n".repeat(254))).isPresent();
    }

    @Test
    void validAttachmentsAreCappedInCountAndEachEntryChecked() {
        CniAttachment ok = new CniAttachment("3c1e9f0a7b", "eth0");
        assertThat(NodeRequestFields.checkAttachments("v", Collections.nCopies(NodeRequestFields.MAX_ATTACHMENTS, ok))).isEmpty();
        assertThat(NodeRequestFields.checkAttachments("v", Collections.nCopies(NodeRequestFields.MAX_ATTACHMENTS + 1, ok))
                .orElseThrow().message()).startsWith("v (65537 entries) is not valid: at most 65536 entries");
        assertThat(NodeRequestFields.checkAttachments("v", List.of(ok, new CniAttachment("c", "a:b"))).orElseThrow().field())
                .isEqualTo("v[1].if_name");
    }

    @Test
    void containerIdAndIfNameAreRequiredTheRestMayBeAbsent() {
        assertThat(one(CONTAINER_ID, "").orElseThrow().message()).contains("f (empty) is not valid: it is required");
        assertThat(one(IF_NAME, null)).isPresent();
        for (Rule optional : List.of(NETNS, NAMESPACE, POD_NAME, POD_UID, POOL_NAME)) {
            assertThat(one(optional, "")).as(optional.name()).isEmpty();
        }
    }

    @Test
    void aHugeValueIsEchoedShortAndControlCharactersEscaped() {
        Refusal r = one(POD_NAME, "x".repeat(1_000_000)).orElseThrow();
        assertThat(r.message()).hasSizeLessThan(500).contains("... (1000000 characters)");

        assertThat(one(NETNS, "/a\0b").orElseThrow().value()).isEqualTo("'/a\\u0000b'");
    }

    @Test
    void listsAreCappedInCountAndEachEntryChecked() {
        List<String> many = Collections.nCopies(65, "p");
        assertThat(NodeRequestFields.check(List.of(), List.of(new ListField("default_ipv4_ippool", many, POOL_NAME))))
                .hasValueSatisfying(r -> assertThat(r.message()).contains("default_ipv4_ippool (65 entries)",
                        "at most 64 entries"));
        assertThat(NodeRequestFields.check(List.of(), List.of(new ListField("pools", Collections.nCopies(64, "p"), POOL_NAME))))
                .isEmpty();
        assertThat(NodeRequestFields.check(List.of(), List.of(new ListField("pools", List.of("ok", "Bad"), POOL_NAME))))
                .hasValueSatisfying(r -> assertThat(r.field()).isEqualTo("pools[1]"));
    }
}
