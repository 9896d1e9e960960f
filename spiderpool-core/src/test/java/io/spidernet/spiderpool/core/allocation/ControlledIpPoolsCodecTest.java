package io.spidernet.spiderpool.core.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.allocation.ControlledIpPoolsCodec.ControlledPool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControlledIpPoolsCodecTest {

    @Test
    void encodesAsGoDoesPoolNamesSortedApplicationOmittedWhenAbsent() {
        Map<String, ControlledPool> pools = new LinkedHashMap<>();
        pools.put("manual", new ControlledPool(List.of("10.0.0.5"), Optional.empty()));
        pools.put("auto4-web-eth0-abc", new ControlledPool(List.of("10.0.0.1-10.0.0.3"),
                Optional.of("apps_v1_Deployment_ns_web")));

        assertThat(ControlledIpPoolsCodec.encode(pools)).isEqualTo("{\"auto4-web-eth0-abc\":{\"ips\":[\"10.0.0.1-10.0.0.3\"],"
                + "\"application\":\"apps_v1_Deployment_ns_web\"},\"manual\":{\"ips\":[\"10.0.0.5\"]}}");
        assertThat(ControlledIpPoolsCodec.decode(ControlledIpPoolsCodec.encode(pools))).isEqualTo(pools);
    }

    @Test
    void emptyIsOmittedAndNullOrBlankIsEmpty() {
        assertThat(ControlledIpPoolsCodec.encode(Map.of())).isNull();
        assertThat(ControlledIpPoolsCodec.decode(null)).isEmpty();
        assertThat(ControlledIpPoolsCodec.decode(" ")).isEmpty();
        assertThat(ControlledIpPoolsCodec.decode("null")).isEmpty();
    }

    @Test
    void notAnObjectIsRefusedWithAMessageAboutTheField() {
        assertThatThrownBy(() -> ControlledIpPoolsCodec.decode("[1]")).hasMessage("is not a JSON object but ARRAY");
        assertThatThrownBy(() -> ControlledIpPoolsCodec.decode("{")).hasMessageStartingWith("is not JSON: ");
    }
}
