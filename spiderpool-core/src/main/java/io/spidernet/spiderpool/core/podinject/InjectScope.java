package io.spidernet.spiderpool.core.podinject;

import java.util.List;
import java.util.Set;

/**
 * The namespaces whose pods are injected: upstream's {@code podResourceInject.namespacesInclude}
 * (empty: every namespace) and {@code namespacesExclude}. Upstream's chart only writes them into the
 * webhook configuration's {@code namespaceSelector}; the controller checks them too, so a
 * configuration edited by hand (or applied from an older manifest) cannot widen the scope.
 *
 * @param include the only namespaces served, or empty for all
 * @param exclude namespaces never served; exclusion wins over inclusion
 */
public record InjectScope(Set<String> include, Set<String> exclude) {
    /** The chart's {@code namespacesExclude}. */
    public static final List<String> DEFAULT_EXCLUDE = List.of("kube-system", "spiderpool", "metallb-system", "istio-system");
    /** Names per list at most: a namespaceSelector's values are held in one object, a list this long is a mistake. */
    public static final int MAX_NAMESPACES = 1000;

    public InjectScope {
        include = checked(include, "namespacesInclude");
        exclude = checked(exclude, "namespacesExclude");
    }

    public static InjectScope of(List<String> include, List<String> exclude) {
        return new InjectScope(Set.copyOf(include), Set.copyOf(exclude));
    }

    public boolean covers(String namespace) {
        return !exclude.contains(namespace) && (include.isEmpty() || include.contains(namespace));
    }

    private static Set<String> checked(Set<String> names, String key) {
        if (names.size() > MAX_NAMESPACES) {
            throw new IllegalArgumentException("podResourceInject." + key + " lists " + names.size()
                    + " namespaces; at most " + MAX_NAMESPACES + " are accepted");
        }
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("podResourceInject." + key + " holds an empty namespace name; remove it");
            }
        }
        return Set.copyOf(names);
    }
}
