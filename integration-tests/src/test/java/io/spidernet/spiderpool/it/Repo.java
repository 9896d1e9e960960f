package io.spidernet.spiderpool.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths inside the checkout, whether the JVM runs in {@code integration-tests/} (surefire) or at the
 * repository root (scripts/bench-storm): the nearest directory upwards that holds {@code deploy/crds}.
 */
final class Repo {
    private Repo() {}

    static Path path(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/crds"))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException("not inside the spiderpool checkout (no deploy/crds above " + Path.of("").toAbsolutePath() + ")");
    }
}
