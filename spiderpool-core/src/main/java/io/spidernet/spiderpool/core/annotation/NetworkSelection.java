package io.spidernet.spiderpool.core.annotation;

import java.util.Objects;
import java.util.Optional;

/**
 * One Multus network a pod asks for: a NetworkAttachmentDefinition and optionally the interface
 * name it wants. The namespace stays empty when not written, because the default differs by
 * annotation (the Multus namespace for the default network, the pod's for the others) and only the
 * caller knows which.
 */
public record NetworkSelection(Optional<String> namespace, String name, Optional<String> interfaceName) {

    public NetworkSelection {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interfaceName, "interfaceName");
    }

    /** {@code namespace/name}, filling in {@code defaultNamespace} when none was written. */
    public String qualifiedName(String defaultNamespace) {
        return namespace.orElse(defaultNamespace) + "/" + name;
    }
}
