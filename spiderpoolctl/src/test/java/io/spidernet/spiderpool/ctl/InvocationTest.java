package io.spidernet.spiderpool.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvocationTest {
    private static Invocation parse(String... args) {
        return Invocation.parse(List.of(args));
    }

    @Test
    void commandsOfTwoWordsAndOperands() {
        Invocation gc = parse("gc", "preview", "--releases-only", "--pool", "a", "--pool=b", "-o", "json");
        assertThat(gc.command()).isEqualTo(Command.GC_PREVIEW);
        assertThat(gc.flag("releases-only")).isTrue();
        assertThat(gc.all("pool")).containsExactly("a", "b");
        assertThat(gc.output()).isEqualTo(Output.Format.JSON);
        Invocation explain = parse("explain", "apps/web-0", "--nic", "net1", "--timeout", "2m");
        assertThat(explain.podRef()).containsExactly("apps", "web-0");
        assertThat(explain.option("nic")).contains("net1");
        assertThat(explain.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("pools").timeout()).isEqualTo(Invocation.DEFAULT_TIMEOUT);
        assertThat(parse("gc", "run").command()).isEqualTo(Command.GC_RUN);
        assertThat(parse("ips", "v4-pool", "--timeout=500ms").timeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void mistakesAreUsageErrorsThatNameTheFix() {
        assertUsage(() -> parse("pool"), "unknown command 'pool'; commands: pools, subnets, explain, gc preview");
        assertUsage(() -> parse("gc"), "unknown command 'gc'");
        assertUsage(() -> parse("explain"), "usage: spiderpoolctl explain NAMESPACE/POD");
        assertUsage(() -> parse("explain", "web-0").podRef(), "'web-0' is not NAMESPACE/POD");
        assertUsage(() -> parse("pools", "extra"), "pools takes no operand, got 'extra'");
        assertUsage(() -> parse("pools", "-o", "xml"), "-o xml: give table, json or yaml");
        assertUsage(() -> parse("pools", "--output"), "option --output needs a value");
        assertUsage(() -> parse("pools", "--bogus"), "unknown option --bogus");
        assertUsage(() -> parse("pools", "-x"), "unknown option -x");
        assertUsage(() -> parse("pools", "--nic", "eth0"), "option --nic does not apply to pools");
        assertUsage(() -> parse("subnets", "--releases-only"), "option --releases-only does not apply to subnets");
        assertUsage(() -> parse("completion", "bash", "--kubeconfig", "k"), "option --kubeconfig does not apply to completion");
        assertUsage(() -> parse("pools", "--releases-only=yes"), "option --releases-only takes no value");
        assertUsage(() -> parse("pools", "-o", "json", "-o", "yaml"), "option --output given twice");
        assertUsage(() -> parse("pools", "--timeout", "0s"), "must be more than 0 and at most 10m");
        assertUsage(() -> parse("pools", "--timeout", "11m"), "must be more than 0 and at most 10m");
        assertUsage(() -> parse("pools", "--timeout", "soon"), "give a duration such as 30s");
    }

    @Test
    void inputIsBounded() {
        assertUsage(() -> Invocation.parse(java.util.Collections.nCopies(257, "x")), "257 arguments: at most 256");
        assertUsage(() -> parse("ips", "p".repeat(4097)), "argument 2 is 4097 characters long");
    }

    private static void assertUsage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CtlException.class, e -> {
            assertThat(e.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
