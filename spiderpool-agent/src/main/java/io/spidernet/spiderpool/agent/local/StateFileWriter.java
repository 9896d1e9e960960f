package io.spidernet.spiderpool.agent.local;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Replaces the content of the state file. A dependency rather than a private method so that tests
 * can inject a writer that fails part-way (between writing the temporary file and renaming it) and
 * check that the store keeps its last durable state; production uses {@link AtomicFileWriter}.
 */
@FunctionalInterface
public interface StateFileWriter {

    /**
     * Makes {@code content} the content of {@code target} durably; when it throws, {@code target}
     * must still hold its previous content (a reader sees the old file or the new one, never a mix).
     */
    void replace(Path target, byte[] content) throws IOException;
}
