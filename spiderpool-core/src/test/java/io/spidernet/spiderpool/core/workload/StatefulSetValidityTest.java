package io.spidernet.spiderpool.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The StatefulSet slot rule. Columns: rule, pod name, StatefulSet exists, replicas, ordinals.start,
 * expected valid; an empty cell is an unset field (replicas defaults to 1, start to 0).
 */
class StatefulSetValidityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "", textBlock = """
            StatefulSet missing is invalid,              db-0,  false, 3, ,  false
            ordinal inside default range is valid,       db-2,  true,  3, ,  true
            ordinal past replicas is invalid,            db-3,  true,  3, ,  false
            replicas unset means one: ordinal 0 valid,   db-0,  true,  ,  ,  true
            replicas unset means one: ordinal 1 invalid, db-1,  true,  ,  ,  false
            scaled to zero is invalid,                   db-0,  true,  0, ,  false
            ordinals.start honoured: at start valid,     db-5,  true,  2, 5, true
            ordinals.start honoured: last slot valid,    db-6,  true,  2, 5, true
            ordinals.start honoured: below start,        db-4,  true,  2, 5, false
            ordinals.start honoured: past end,           db-7,  true,  2, 5, false
            name without ordinal is invalid,             db-x,  true,  3, ,  false
            name of another StatefulSet is invalid,      web-0, true,  3, ,  false
            signed ordinal is invalid,                   db-+1, true,  3, ,  false
            empty ordinal is invalid,                    db-,   true,  3, ,  false
            """)
    void statefulSetSlotRule(String rule, String podName, boolean exists, Integer replicas, Integer start,
                             boolean valid) {
        Optional<StatefulSet> sts = exists ? Optional.of(sts(replicas, start)) : Optional.empty();
        Validity validity = StatefulSetValidity.of(podName, sts);
        assertThat(validity.valid()).as(rule + ": " + validity.reason()).isEqualTo(valid);
        assertThat(validity.reason()).isNotBlank();
    }

    private static StatefulSet sts(Integer replicas, Integer start) {
        StatefulSetBuilder b = new StatefulSetBuilder().withNewMetadata().withNamespace("ns").withName("db")
                .endMetadata().withNewSpec().withReplicas(replicas).endSpec();
        if (start != null) {
            b.editSpec().withNewOrdinals().withStart(start).endOrdinals().endSpec();
        }
        return b.build();
    }
}
