package io.spidernet.spiderpool.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's demo runs on the checked-in examples and prints what the pods get. */
class SampleAllocationTest {
    private static final Path EXAMPLES = Path.of("..", "deploy", "examples");

    private static String run(Map<String, String> annotations, int expectedExit) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int exit = SampleAllocation.run(EXAMPLES, annotations, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(expectedExit);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void samplePodsGetTheLowestAddressesOfTheDefaultPools() throws Exception {
        String out = run(Map.of(), 0);
        assertThat(out).contains("pools from cluster default pools")
                .contains("IPv4 172.18.40.40/24", "IPv6 fd00:172:18::40/64", "IPv4 172.18.40.41/24")
                .contains("default-v4-ippool: {\"172.18.40.40\":{\"pod\":\"default/sample-1\"");
    }

    @Test
    void aPodAskingForMissingPoolsIsToldWhichAndWhy() throws Exception {
        String out = run(Map.of("ipam.spidernet.io/ippool", "{\"ipv4\":[\"nope\"]}"), 1);
        assertThat(out).contains("FAILED (NoAvailablePool)").contains("IPPool nope: does not exist");
    }
}
