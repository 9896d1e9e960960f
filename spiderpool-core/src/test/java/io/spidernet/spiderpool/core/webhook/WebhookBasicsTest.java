package io.spidernet.spiderpool.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The pieces the adapter relies on: status mapping, the CIDR label, and label-selector syntax. */
class WebhookBasicsTest {

    @Test
    void fieldErrorsAre422_aTakenNameIs409_aWholeObjectRefusalIs403() {
        FieldError invalid = FieldError.invalid("spec.subnet", "x", "bad");
        FieldError taken = FieldError.alreadyExists("metadata.name", "p", "taken");

        assertThat(AdmissionResult.of(List.of()).isAllowed()).isTrue();
        assertThat(AdmissionResult.of(List.of(invalid)).status().httpCode()).isEqualTo(422);
        assertThat(AdmissionResult.of(List.of(FieldError.forbidden("spec.ipVersion", "4", "off"))).status().httpCode()).isEqualTo(422);
        assertThat(AdmissionResult.of(List.of(taken)).status()).extracting(AdmissionResult.Status::httpCode, AdmissionResult.Status::reason)
                .containsExactly(409, "AlreadyExists");
        assertThat(AdmissionResult.forbidden(invalid).status().httpCode()).isEqualTo(403);
        assertThatThrownBy(() -> new AdmissionResult(AdmissionResult.Status.ALLOWED, List.of(invalid)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"172.31.192.0/20, 172-31-192-0-20", "fd00:1::/64, fd00-1---64", "2001:db8:1:2:3:4:5:0/112, 2001-db8-1-2-3-4-5-0-112"})
    void cidrLabelValue(String cidr, String label) {
        assertThat(IpamLabels.cidrLabelValue(cidr)).isEqualTo(label);
    }

    static Stream<Arguments> selectors() {
        return Stream.of(
                Arguments.of("prefixed key, empty value", labels("app.example.com/tier", ""), null),
                Arguments.of("key with two slashes", labels("a/b/c", "x"), "spec.podAffinity.matchLabels"),
                Arguments.of("upper-case prefix", labels("Example.com/tier", "x"), "spec.podAffinity.matchLabels"),
                Arguments.of("value of 64 characters", labels("app", "v".repeat(64)), "spec.podAffinity.matchLabels"),
                Arguments.of("value ending in a dash", labels("app", "web-"), "spec.podAffinity.matchLabels"),
                Arguments.of("NotIn with values", expression("app", "NotIn", "a", "b"), null),
                Arguments.of("Exists without values", expression("app", "Exists"), null),
                Arguments.of("Exists with values", expression("app", "Exists", "a"), "spec.podAffinity.matchExpressions[0].values"),
                Arguments.of("unknown operator", expression("app", "Gt", "1"), "spec.podAffinity.matchExpressions[0].operator"),
                Arguments.of("bad expression key", expression("-app", "Exists"), "spec.podAffinity.matchExpressions[0].key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selectors")
    void labelSelectorSyntax(String rule, LabelSelector selector, String rejectedAt) {
        List<FieldError> errors = LabelSelectorRules.validate("spec.podAffinity", selector);
        if (rejectedAt == null) {
            assertThat(errors).isEmpty();
        } else {
            assertThat(errors).extracting(FieldError::path).containsExactly(rejectedAt);
        }
    }

    private static LabelSelector labels(String key, String value) {
        return new LabelSelectorBuilder().addToMatchLabels(key, value).build();
    }

    private static LabelSelector expression(String key, String operator, String... values) {
        return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(operator).withValues(values)
                .endMatchExpression().build();
    }
}
