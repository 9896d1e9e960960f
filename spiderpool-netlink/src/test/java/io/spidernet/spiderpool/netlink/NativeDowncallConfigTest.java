package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A native image can make only the downcalls whose descriptor and linker options were registered
 * when it was built; any other fails at run time, on the node, the first time that path runs. So
 * the CNI binary's native-image configuration must list exactly the downcalls {@link LibcFunction}
 * declares: one missing breaks a call, one extra means the two lists have drifted apart.
 *
 * <p>The configuration's type names are resolved the way native-image resolves them, through the
 * linker's canonical layouts, and compared with the declared descriptors as native-image tells
 * stubs apart: by carrier and size, not by layout names or an address's target layout. Entries
 * are per distinct (descriptor, options); each one's {@code reason} names the functions sharing it.
 */
class NativeDowncallConfigTest {
    static final Path CONFIG = Path.of("../src-native-config/spiderpool-cni/reachability-metadata.json");
    private static final String REASON_PREFIX = "libc: ";

    /** A downcall stub as native-image keys it, with the libc functions that use it. */
    record Stub(String descriptor, boolean capturesCallState, int firstVariadicArg) {}

    @Test
    void theConfigurationListsExactlyTheDeclaredDowncalls() throws IOException {
        Map<Stub, TreeSet<String>> configured = configured(new ObjectMapper().readTree(Files.readString(CONFIG)));
        Map<Stub, TreeSet<String>> declared = declared();

        assertThat(configured.keySet())
                .as("foreign.downcalls of %s against LibcFunction: add or remove entries to match", CONFIG)
                .containsExactlyInAnyOrderElementsOf(declared.keySet());
        assertThat(configured).as("each entry's reason names the libc functions bound with its descriptor").isEqualTo(declared);
        System.out.printf("native downcalls: %d functions, %d distinct stubs, all configured%n",
                LibcFunction.values().length, declared.size());
    }

    @Test
    void everyDeclaredFunctionExistsInTheCLibraryAndBinds() {
        for (LibcFunction function : LibcFunction.values()) {
            assertThat(function.bind()).as(function.symbol).isNotNull();
        }
    }

    /** LibcFunction is the one place: no other main source binds a native function. */
    @Test
    void noOtherSourceCreatesADowncall() throws IOException {
        Path sources = Path.of("src/main/java");
        List<String> binders = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(sources)) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String code = Files.readString(file);
                if (code.contains("downcallHandle(") || code.contains("upcallStub(") || code.contains("FunctionDescriptor")) {
                    binders.add(sources.relativize(file).toString());
                }
            }
        }
        assertThat(binders).containsExactly("io/spidernet/spiderpool/netlink/LibcFunction.java");
    }

    @Test
    void theComparisonNoticesAMissingAnExtraAndAChangedEntry() throws IOException {
        JsonNode config = new ObjectMapper().readTree(Files.readString(CONFIG));
        Map<Stub, TreeSet<String>> declared = declared();

        JsonNode missing = config.deepCopy();
        ((ArrayNode) missing.path("foreign").path("downcalls")).remove(0);
        assertThat(configured(missing).keySet()).hasSize(declared.size() - 1).isNotEqualTo(declared.keySet());

        JsonNode extra = config.deepCopy();
        ((ArrayNode) extra.path("foreign").path("downcalls")).addObject()
                .put("reason", "libc: getpid").put("returnType", "jint").putArray("parameterTypes");
        assertThat(configured(extra).keySet()).hasSize(declared.size() + 1);

        JsonNode changed = config.deepCopy();
        ((ObjectNode) changed.path("foreign").path("downcalls").get(0)).remove("options");
        assertThat(configured(changed).keySet()).isNotEqualTo(declared.keySet());

        JsonNode notVariadic = config.deepCopy();
        ((ObjectNode) notVariadic.path("foreign").path("downcalls").get(0).path("options")).remove("firstVariadicArg");
        assertThat(configured(notVariadic).keySet()).isNotEqualTo(declared.keySet());

        JsonNode unknownType = config.deepCopy();
        ((ObjectNode) unknownType.path("foreign").path("downcalls").get(0)).put("returnType", "jnope");
        assertThatThrownBy(() -> configured(unknownType)).hasMessageContaining("jnope");
    }

    private static Map<Stub, TreeSet<String>> declared() {
        Map<Stub, TreeSet<String>> stubs = new LinkedHashMap<>();
        for (LibcFunction function : LibcFunction.values()) {
            stubs.computeIfAbsent(new Stub(key(function.descriptor), function.capturesErrno, function.firstVariadicArg),
                            k -> new TreeSet<>())
                    .add(function.symbol);
        }
        return stubs;
    }

    private static Map<Stub, TreeSet<String>> configured(JsonNode config) {
        Map<Stub, TreeSet<String>> stubs = new LinkedHashMap<>();
        JsonNode downcalls = config.path("foreign").path("downcalls");
        assertThat(downcalls.isArray()).as("foreign.downcalls is an array").isTrue();
        for (JsonNode entry : downcalls) {
            List<String> parameters = new ArrayList<>();
            entry.path("parameterTypes").forEach(p -> parameters.add(p.asText()));
            FunctionDescriptor descriptor = FunctionDescriptor.of(layout(entry.path("returnType").asText()),
                    parameters.stream().map(NativeDowncallConfigTest::layout).toArray(MemoryLayout[]::new));
            boolean captures = false;
            int firstVariadic = -1;
            for (Iterator<Map.Entry<String, JsonNode>> options = entry.path("options").properties().iterator(); options.hasNext(); ) {
                Map.Entry<String, JsonNode> option = options.next();
                switch (option.getKey()) {
                    case "captureCallState" -> captures = option.getValue().asBoolean();
                    case "firstVariadicArg" -> firstVariadic = option.getValue().asInt();
                    default -> throw new IllegalArgumentException("option " + option.getKey() + " is used by no LibcFunction");
                }
            }
            String reason = entry.path("reason").asText();
            assertThat(reason).as("reason of %s", entry).startsWith(REASON_PREFIX);
            TreeSet<String> functions = new TreeSet<>(Arrays.asList(reason.substring(REASON_PREFIX.length()).split(",\\s*")));
            TreeSet<String> before = stubs.put(new Stub(key(descriptor), captures, firstVariadic), functions);
            assertThat(before).as("a second entry for the stub of %s", entry).isNull();
        }
        return stubs;
    }

    /** A configuration type name as native-image reads it: a canonical layout of the native linker. */
    private static MemoryLayout layout(String name) {
        MemoryLayout layout = Linker.nativeLinker().canonicalLayouts().get(name);
        if (layout == null) {
            throw new IllegalArgumentException("'" + name + "' is not a canonical layout; use one of "
                    + new TreeSet<>(Linker.nativeLinker().canonicalLayouts().keySet()));
        }
        return layout;
    }

    /** What tells two stubs apart: each layout's carrier and size, in order. */
    private static String key(FunctionDescriptor descriptor) {
        return descriptor.returnLayout().map(NativeDowncallConfigTest::key).orElse("void")
                + descriptor.argumentLayouts().stream().map(NativeDowncallConfigTest::key).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String key(MemoryLayout layout) {
        MemoryLayout plain = layout instanceof AddressLayout address ? address.withoutTargetLayout() : layout;
        return plain.withoutName() instanceof ValueLayout value
                ? value.carrier().getSimpleName() + value.byteSize()
                : plain.withoutName().toString();
    }
}
