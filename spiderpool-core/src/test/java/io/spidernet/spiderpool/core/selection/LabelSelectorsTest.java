package io.spidernet.spiderpool.core.selection;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorsTest {
    private static final Map<String, String> LABELS = Map.of("app", "web", "tier", "front");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("empty selector", new LabelSelector(), true),
                Arguments.of("matchLabels hit", new LabelSelectorBuilder().addToMatchLabels("app", "web").build(), true),
                Arguments.of("matchLabels miss", new LabelSelectorBuilder().addToMatchLabels("app", "db").build(), false),
                Arguments.of("In hit", expr("tier", "In", "front", "back"), true),
                Arguments.of("In miss", expr("tier", "In", "back"), false),
                Arguments.of("In absent key", expr("zone", "In", "a"), false),
                Arguments.of("NotIn hit", expr("tier", "NotIn", "back"), true),
                Arguments.of("NotIn miss", expr("tier", "NotIn", "front"), false),
                Arguments.of("NotIn absent key", expr("zone", "NotIn", "a"), true),
                Arguments.of("Exists hit", expr("app", "Exists"), true),
                Arguments.of("Exists miss", expr("zone", "Exists"), false),
                Arguments.of("DoesNotExist hit", expr("zone", "DoesNotExist"), true),
                Arguments.of("DoesNotExist miss", expr("app", "DoesNotExist"), false),
                Arguments.of("unknown operator never matches", expr("app", "Gt", "1"), false),
                Arguments.of("labels and expressions together",
                        new LabelSelectorBuilder().addToMatchLabels("app", "web")
                                .addNewMatchExpression().withKey("tier").withOperator("In").withValues("back").endMatchExpression()
                                .build(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesLikeKubernetes(String name, LabelSelector selector, boolean expected) {
        assertThat(LabelSelectors.matches(selector, LABELS)).isEqualTo(expected);
        assertThat(LabelSelectors.mismatch(selector, LABELS).isPresent()).isEqualTo(!expected);
    }

    private static LabelSelector expr(String key, String op, String... values) {
        return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(op).withValues(values)
                .endMatchExpression().build();
    }
}
