package io.spidernet.spiderpool.core.multus;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The NetworkAttachmentDefinition a SpiderMultusConfig stands for, as data: the reconciler adds the
 * owner reference and writes it.
 *
 * @param name        the cr-name annotation, or else the SpiderMultusConfig's name
 * @param namespace   the SpiderMultusConfig's namespace
 * @param annotations every annotation of the SpiderMultusConfig plus the resourceName Multus reads
 *                    for sriov, ib-sriov and hardware-offloaded ovs; sorted by key
 * @param config      {@code spec.config}, a conflist JSON with a stable key order; empty only for a
 *                    custom config with no {@code customCNI}, whose NAD has no {@code spec.config}
 */
public record RenderedNad(String name, String namespace, Map<String, String> annotations, Optional<String> config) {
    public RenderedNad {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
        Objects.requireNonNull(config, "config");
    }
}
