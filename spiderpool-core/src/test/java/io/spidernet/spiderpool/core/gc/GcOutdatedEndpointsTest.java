package io.spidernet.spiderpool.core.gc;

import static io.spidernet.spiderpool.core.gc.GcFixtures.DEFAULTS;
import static io.spidernet.spiderpool.core.gc.GcFixtures.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GcOutdatedEndpointsTest {
    private static final GcSettings ON = DEFAULTS.withCleanOutdatedEndpoint(true);
    private static final SpiderEndpoint EP = endpoint("web", "app-1", "uid-1", "v4=10.6.0.5/24", "v6=fd00::5/64");

    private static Function<String, Collection<AllocationRecord>> pools(Map<String, List<AllocationRecord>> pools) {
        return name -> pools.getOrDefault(name, List.of());
    }

    @Test
    void offByDefault() {
        assertThat(OutdatedEndpoints.outdated(EP, DEFAULTS, pools(Map.of()))).isEmpty();
    }

    @Test
    void anEndpointStillRecordedInOneOfItsPoolsIsKept() {
        // the record may carry another UID (a new pod of that name): the name is what counts
        var v6 = List.of(new AllocationRecord("web/app-1", "uid-other"));
        assertThat(OutdatedEndpoints.outdated(EP, ON, pools(Map.of("v6", v6)))).isEmpty();
    }

    @Test
    void anEndpointNoneOfWhosePoolsRecordsItIsOutdated() {
        var v4 = List.of(new AllocationRecord("web/app-2", "uid-2"), new AllocationRecord("other/app-1", "uid-x"));
        assertThat(OutdatedEndpoints.outdated(EP, ON, pools(Map.of("v4", v4)))).contains("SpiderEndpoint web/app-1"
                + " is outdated: none of its pools [v4, v6] still has a record for web/app-1");
    }

    @Test
    void anEndpointWithoutAddressesIsKept() {
        assertThat(OutdatedEndpoints.outdated(endpoint("web", "app-1", "uid-1"), ON, pools(Map.of()))).isEmpty();
    }
}
