package io.spidernet.spiderpool.core.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;

/** The one assertion every error table uses: the right exception, key, value and advice. */
final class Rejections {

    private Rejections() {}

    static void assertPodRejects(String key, String value, String fragment) {
        assertRejects(PodIpamAnnotations::parse, key, value, fragment);
    }

    static void assertRejects(Function<Map<String, String>, ?> parser, String key, String value, String fragment) {
        assertThatThrownBy(() -> parser.apply(Map.of(key, value)))
                .isInstanceOfSatisfying(AnnotationException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.value()).isEqualTo(value);
                    assertThat(e.getMessage())
                            .startsWith("annotation " + key + " value '" + value + "' is invalid: ")
                            .contains(fragment);
                });
    }
}
