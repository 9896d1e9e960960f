package io.spidernet.spiderpool.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs in {@code deploy/crds} are generated from the model: this test generates them again and
 * fails when a checked-in file differs, is missing or has no kind any more. With
 * {@code -Dspiderpool.crd.update=true} it rewrites the files instead.
 */
class CrdsAreCurrentTest {
    static final String SUFFIX = ".spiderpool.spidernet.io.yaml";
    private static final String REGENERATE = "mvn test -pl spiderpool-core -Dtest=CrdsAreCurrentTest"
            + " -Dspiderpool.crd.update=true";
    private static final String HEADER = "# Generated from the spiderpool-core model by CrdsAreCurrentTest; do not edit.\n"
            + "# Regenerate: " + REGENERATE + "\n";

    static Path crdDir() {
        return Path.of(System.getProperty("spiderpool.crd.dir", "../deploy/crds")).toAbsolutePath().normalize();
    }

    @Test
    void checkedInCrdsMatchTheModel() throws IOException {
        Map<String, String> generated = generate();
        Path dir = crdDir();
        if (Boolean.getBoolean("spiderpool.crd.update")) {
            Files.createDirectories(dir);
            for (var file : generated.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
        }
        List<String> problems = new ArrayList<>();
        for (var file : generated.entrySet()) {
            Path path = dir.resolve(file.getKey());
            if (!Files.exists(path)) {
                problems.add("missing: " + path);
            } else if (!Files.readString(path).equals(file.getValue())) {
                problems.add("out of date: " + path + " " + firstDifference(Files.readString(path), file.getValue()));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX) && !generated.containsKey(name))
                    .forEach(name -> problems.add("no such kind any more, delete it: " + dir.resolve(name)));
        }
        assertThat(problems)
                .as("deploy/crds does not match the model; regenerate with%n  %s%nthen review and commit the diff",
                        REGENERATE)
                .isEmpty();
    }

    private static String firstDifference(String checkedIn, String generated) {
        List<String> old = checkedIn.lines().toList();
        List<String> now = generated.lines().toList();
        for (int i = 0; i < Math.max(old.size(), now.size()); i++) {
            String was = i < old.size() ? old.get(i) : "<end of file>";
            String is = i < now.size() ? now.get(i) : "<end of file>";
            if (!was.equals(is)) {
                return "(line " + (i + 1) + ": has '" + was.strip() + "', model gives '" + is.strip() + "')";
            }
        }
        return "(line endings)";
    }

    /** File name ({@code <plural>.<group>.yaml}) to content, for every kind. */
    static Map<String, String> generate() {
        Map<String, ByteArrayOutputStream> raw = new TreeMap<>();
        new CRDGenerator()
                .withOutput(new CRDGenerator.CRDOutput<ByteArrayOutputStream>() {
                    @Override
                    public ByteArrayOutputStream outputFor(String name) {
                        return raw.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                    }

                    @Override
                    public void close() {}
                })
                .forCRDVersions("v1")
                .withParallelGenerationEnabled(false)
                .customResourceClasses(List.copyOf(SpiderpoolKinds.ALL))
                .generate();
        YAMLMapper yaml = new YAMLMapper(new YAMLFactory()
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .disable(YAMLGenerator.Feature.SPLIT_LINES));
        CrdPostProcessor postProcessor = new CrdPostProcessor();
        Map<String, String> files = new TreeMap<>();
        for (ByteArrayOutputStream out : raw.values()) {
            try {
                ObjectNode crd = (ObjectNode) yaml.readTree(out.toString(StandardCharsets.UTF_8));
                String name = crd.path("metadata").path("name").asText();
                postProcessor.process(crd, SpiderpoolKinds.byCrdName(name));
                files.put(name + ".yaml", HEADER + yaml.writeValueAsString(crd));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
