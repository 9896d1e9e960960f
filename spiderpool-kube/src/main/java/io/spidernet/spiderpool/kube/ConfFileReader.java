package io.spidernet.spiderpool.kube;

import io.spidernet.spiderpool.core.config.ConfFileException;
import io.spidernet.spiderpool.core.config.SpiderpoolConfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads upstream's {@code conf.yml} for either app, once at start like upstream (edits need a
 * restart). Parsing, its limits and the chart's defaults are core's {@link SpiderpoolConfFile}; this
 * class only decides which file, and reads it.
 */
public final class ConfFileReader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfFileReader.class);

    private ConfFileReader() {}

    /**
     * The file {@code --config-path} or the app's property names (the flag wins: it is that property
     * by then); else upstream's mount point when something is mounted there; else the chart's defaults.
     *
     * @param property the app's setting for the file, named in the log when nothing is configured
     */
    public static SpiderpoolConfFile read(Optional<Path> configured, Path upstreamDefault, String property) {
        Optional<Path> file = locate(configured, upstreamDefault);
        if (file.isPresent()) {
            if (configured.isEmpty()) {
                LOG.info("spiderpool-conf from {} (upstream's mount point; --config-path names another)", upstreamDefault);
            }
            return read(file.get());
        }
        LOG.info("no spiderpool-conf: neither --config-path nor {} is set and {} does not exist; the chart's defaults"
                + " apply", property, upstreamDefault);
        return SpiderpoolConfFile.defaults();
    }

    /** The file {@link #read(Optional, Path, String)} reads; empty when the chart's defaults apply. */
    public static Optional<Path> locate(Optional<Path> configured, Path upstreamDefault) {
        return configured.isPresent() ? configured
                : Optional.of(upstreamDefault).filter(Files::isRegularFile);
    }

    /** The mounted {@code conf.yml}; a missing or unreadable file stops the start with its path. */
    public static SpiderpoolConfFile read(Path file) {
        try {
            SpiderpoolConfFile.checkSize(Files.size(file), file.toString()); // before reading it all
            return SpiderpoolConfFile.parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
