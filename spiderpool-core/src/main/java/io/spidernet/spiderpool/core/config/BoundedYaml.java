package io.spidernet.spiderpool.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * YAML that a file on the node hands us (conf.yml, pool manifests), read within bounds so that a
 * crafted file cannot stall or exhaust the agent or controller at start:
 * <ul>
 *   <li>size: at most {@link #MAX_BYTES}, checked by the app before reading ({@link #checkSize}) and
 *       again while parsing (SnakeYAML's code point limit), whatever the caller read;</li>
 *   <li>nesting: at most {@link #MAX_DEPTH} levels (Jackson's stream constraint; SnakeYAML's own depth
 *       limit sits in its composer, which Jackson does not use);</li>
 *   <li>aliases ({@code *name}): refused. Jackson does not expand them, it reads {@code *name} as the
 *       string "name", so an alias bomb cannot explode here, but it and every other alias would be
 *       silently misread; an error that says so is the only honest answer. Anchors alone are harmless.</li>
 * </ul>
 * Core reads no files: the caller passes the text and names its source for the errors.
 */
public final class BoundedYaml {
    /**
     * 1 MiB, the most a ConfigMap can hold: conf.yml comes from one, pool manifests usually do, and a
     * manifest of this size already holds thousands of pools.
     */
    public static final int MAX_BYTES = 1 << 20;
    /** Nesting levels; our documents need under ten (a pool's spec.routes[].dst is five deep). */
    public static final int MAX_DEPTH = 64;

    private static final ObjectMapper READER = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build());

    private BoundedYaml() {
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES); // a code point is at least one byte, so never looser than MAX_BYTES
        return options;
    }

    /** Refuses a file of {@code bytes} before it is read; {@code source} names it. */
    public static void checkSize(long bytes, String source) {
        if (bytes > MAX_BYTES) {
            throw new YamlLimitException(source + " is " + bytes + " bytes, more than the limit of " + MAX_BYTES
                    + " bytes (1 MiB, what a ConfigMap holds): split it into several files or remove what is not needed");
        }
    }

    /**
     * The documents of {@code text} (several when separated by {@code ---}), empty ones left out.
     *
     * @throws YamlLimitException when a bound is exceeded, naming {@code source} and the bound
     * @throws IOException when the text is not YAML
     */
    public static List<JsonNode> documents(String text, String source) throws IOException {
        checkSize(text.length(), source); // chars, not bytes: a cheap first look; the code point limit is exact
        try (JsonParser p = new AliasRefusing(READER.getFactory().createParser(text), source)) {
            return READER.readValues(p, JsonNode.class).readAll().stream()
                    .filter(d -> d != null && !d.isNull() && !d.isMissingNode()).toList();
        } catch (StreamConstraintsException e) {
            throw new YamlLimitException(source + " nests deeper than " + MAX_DEPTH + " levels, the limit: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("exceeds the limit")) {
                throw new YamlLimitException(source + " is larger than the limit of " + MAX_BYTES + " code points (1 MiB)"
                        + ": split it into several files or remove what is not needed", e);
            }
            throw e;
        }
    }

    /** Fails at the first alias, before anything is built from it. */
    private static final class AliasRefusing extends JsonParserDelegate {
        private final String source;

        AliasRefusing(JsonParser yaml, String source) {
            super(yaml);
            this.source = source;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = super.nextToken();
            if (((YAMLParser) delegate).isCurrentAlias()) {
                throw new YamlLimitException(source + " uses the YAML alias *" + delegate.getText() + " (line "
                        + delegate.currentLocation().getLineNr() + "): aliases are refused (at most 0), since they would be"
                        + " read as plain strings; write the value out in full");
            }
            return t;
        }

        @Override
        public JsonToken nextValue() throws IOException {
            JsonToken t = nextToken(); // not the delegate's: each token must pass the check above
            return t == JsonToken.FIELD_NAME ? nextToken() : t;
        }
    }
}
