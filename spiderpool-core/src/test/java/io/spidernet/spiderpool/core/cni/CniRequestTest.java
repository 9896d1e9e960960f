package io.spidernet.spiderpool.core.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CniRequestTest {

    private static Map<String, String> fullEnv(String command) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "3c1e9f0a7b");
        env.put("CNI_NETNS", "/var/run/netns/cni-1234");
        env.put("CNI_IFNAME", "net1");
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0");
        env.put("CNI_PATH", "/opt/cni/bin");
        env.put("PATH", "/usr/bin");
        return env;
    }

    @Test
    void readsAFullAddEnvironment() {
        CniRequest r = CniRequest.fromEnv(fullEnv("ADD"));

        assertThat(r.command()).isEqualTo(CniCommand.ADD);
        assertThat(r.containerId()).isEqualTo("3c1e9f0a7b");
        assertThat(r.netns()).isEqualTo("/var/run/netns/cni-1234");
        assertThat(r.ifName()).isEqualTo("net1");
        assertThat(r.args().podNamespace()).isEqualTo("default");
        assertThat(r.args().podName()).isEqualTo("web-0");
        assertThat(r.path()).isEqualTo("/opt/cni/bin");
    }

    /** One row per verb and variable: drop that variable from a full environment. */
    @ParameterizedTest
    @CsvSource({
        "ADD,CNI_CONTAINERID,true", "ADD,CNI_NETNS,true", "ADD,CNI_IFNAME,true",
        "ADD,CNI_ARGS,false", "ADD,CNI_PATH,false",
        "DEL,CNI_CONTAINERID,true", "DEL,CNI_NETNS,false", "DEL,CNI_IFNAME,true", "DEL,CNI_PATH,false",
        "CHECK,CNI_CONTAINERID,true", "CHECK,CNI_NETNS,true", "CHECK,CNI_IFNAME,true", "CHECK,CNI_PATH,false",
        "GC,CNI_PATH,true", "GC,CNI_CONTAINERID,false", "GC,CNI_IFNAME,false",
        "STATUS,CNI_PATH,false", "STATUS,CNI_CONTAINERID,false",
        "VERSION,CNI_CONTAINERID,false", "VERSION,CNI_NETNS,false", "VERSION,CNI_IFNAME,false",
        "VERSION,CNI_PATH,false"})
    void requiresWhatTheSpecRequiresPerVerb(String command, String variable, boolean required) {
        for (String absent : new String[] {null, ""}) {
            Map<String, String> env = fullEnv(command);
            env.put(variable, absent);
            if (required) {
                assertThatThrownBy(() -> CniRequest.fromEnv(env))
                        .isInstanceOfSatisfying(CniError.InvalidEnvironment.class, e -> {
                            assertThat(e.code()).isEqualTo(4);
                            assertThat(e.msg()).isEqualTo("required environment variable " + variable
                                    + " missing for CNI_COMMAND=" + command);
                        });
            } else {
                assertThat(CniRequest.fromEnv(env).command()).isEqualTo(CniCommand.valueOf(command));
            }
        }
    }

    @Test
    void namesEveryMissingVariableAtOnce() {
        assertThatThrownBy(() -> CniRequest.fromEnv(Map.of("CNI_COMMAND", "ADD")))
                .isInstanceOfSatisfying(CniError.InvalidEnvironment.class, e -> assertThat(e.msg()).isEqualTo(
                        "required environment variables CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME missing for CNI_COMMAND=ADD"));
    }

    @Test
    void versionNeedsNothingButTheCommand() {
        CniRequest r = CniRequest.fromEnv(Map.of("CNI_COMMAND", "VERSION", "CNI_ARGS", "not-a-pair"));
        assertThat(r).isEqualTo(new CniRequest(CniCommand.VERSION, "", "", "", CniArgs.EMPTY, ""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL|required environment variable CNI_COMMAND is not set",
        "''|required environment variable CNI_COMMAND is not set",
        "add|CNI_COMMAND \"add\" is not a CNI command",
        "REMOVE|CNI_COMMAND \"REMOVE\" is not a CNI command"})
    void refusesAMissingOrUnknownCommand(String command, String msg) {
        Map<String, String> env = fullEnv("ADD");
        env.put("CNI_COMMAND", command);
        assertThatThrownBy(() -> CniRequest.fromEnv(env))
                .isInstanceOfSatisfying(CniError.InvalidEnvironment.class, e -> {
                    assertThat(e.msg()).isEqualTo(msg);
                    assertThat(e.details()).contains("ADD, DEL, CHECK, VERSION, GC, STATUS");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"-abc", "abc def", "abc/def", "ab:c", "\u00e9t\u00e9"})
    void refusesContainerIdsWithInvalidCharacters(String id) {
        Map<String, String> env = fullEnv("DEL");
        env.put("CNI_CONTAINERID", id);
        assertThatThrownBy(() -> CniRequest.fromEnv(env))
                .isInstanceOfSatisfying(CniError.InvalidEnvironment.class,
                        e -> assertThat(e.msg()).isEqualTo("CNI_CONTAINERID \"" + id + "\" has invalid characters"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "eth0123456789abc|it is longer than 15 bytes",
        "n\u00e9t\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9|it is longer than 15 bytes",
        ".|'.' and '..' are not interface names",
        "..|'.' and '..' are not interface names",
        "net/1|it contains '/', ':' or whitespace",
        "net:1|it contains '/', ':' or whitespace",
        "\"net 1\"|it contains '/', ':' or whitespace"})
    void refusesInterfaceNamesTheKernelWouldRefuse(String ifName, String problem) {
        Map<String, String> env = fullEnv("ADD");
        env.put("CNI_IFNAME", ifName);
        assertThatThrownBy(() -> CniRequest.fromEnv(env))
                .isInstanceOfSatisfying(CniError.InvalidEnvironment.class, e -> assertThat(e.msg())
                        .isEqualTo("CNI_IFNAME \"" + ifName + "\" is not a valid interface name: " + problem));
    }

    @Test
    void acceptsAFifteenByteInterfaceName() {
        Map<String, String> env = fullEnv("ADD");
        env.put("CNI_IFNAME", "eth0123456789ab");
        assertThat(CniRequest.fromEnv(env).ifName()).hasSize(15);
    }

    @Test
    void reportsBadCniArgsForVerbsWithAnAttachment() {
        Map<String, String> env = fullEnv("DEL");
        env.put("CNI_ARGS", "K8S_POD_NAME");
        assertThatThrownBy(() -> CniRequest.fromEnv(env))
                .isInstanceOfSatisfying(CniError.InvalidEnvironment.class,
                        e -> assertThat(e.msg()).isEqualTo("CNI_ARGS has an invalid pair \"K8S_POD_NAME\""));
    }
}
