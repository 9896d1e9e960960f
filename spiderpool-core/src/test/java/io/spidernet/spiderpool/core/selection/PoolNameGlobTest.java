package io.spidernet.spiderpool.core.selection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolNameGlobTest {
    @ParameterizedTest(name = "''{0}'' vs ''{1}'' → {2}")
    @CsvSource({
        "v4-pool-*, v4-pool-1, true",
        "v4-pool-*, v4-pool-, true",
        "v4-pool-*, v6-pool-1, false",
        "*, anything, true",
        "pool-?, pool-1, true",
        "pool-?, pool-12, false",
        "pool-[12], pool-2, true",
        "pool-[12], pool-3, false",
        "pool-[a-c]x, pool-bx, true",
        "pool-[^a-c]x, pool-bx, false",
        "pool-[^a-c]x, pool-dx, true",
        "rdma-*-v4, rdma-rail1-v4, true",
        "rdma-*-v4, rdma-rail1-v6, false",
        "pool\\*, pool*, true",
        "pool\\*, pool1, false",
        "pool-[, pool-[, false",
    })
    void matchesLikeGoPathMatch(String pattern, String name, boolean expected) {
        assertThat(PoolNameGlob.matches(pattern, name)).isEqualTo(expected);
    }
}
