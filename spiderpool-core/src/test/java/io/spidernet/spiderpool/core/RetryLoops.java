package io.spidernet.spiderpool.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Retry loops outside core's {@code RetryPolicy}, for the tests that keep the Kubernetes adapters to
 * one policy: a loop over an {@code attempt} counter in a file that never names {@code RetryPolicy}
 * has its own count and pauses, which is how four retry rules came to live side by side.
 */
public final class RetryLoops {
    private static final Pattern ATTEMPT_LOOP = Pattern.compile("\\bfor\\s*\\(\\s*int\\s+attempts?\\w*\\s*=");
    private static final Pattern COMMENTS = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

    private RetryLoops() {}

    /** The {@code .java} files under {@code sources} with a retry loop that does not go through {@code RetryPolicy}. */
    public static List<String> withoutPolicy(Path sources) throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String code = COMMENTS.matcher(Files.readString(file)).replaceAll(" ");
                if (ATTEMPT_LOOP.matcher(code).find() && !code.contains("RetryPolicy")) {
                    violations.add(sources.relativize(file) + " retries with its own count");
                }
            }
        }
        return violations;
    }
}
