package io.spidernet.spiderpool.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the manifests in a directory (deploy/rbac) let one ServiceAccount do: the rules of every
 * ClusterRole bound to it by a ClusterRoleBinding (any namespace, and cluster-scoped objects), and of
 * every Role or ClusterRole bound by a RoleBinding (that binding's namespace only). A small
 * re-implementation of RBAC's rule matching, enough for the rules we write: apiGroups, resources
 * ({@code resource} or {@code resource/subresource}), verbs, resourceNames, nonResourceURLs, and
 * {@code *} where it appears (the test refuses wildcards in our own manifests separately).
 */
final class RbacPolicy {
    /**
     * Discovery, which kube-apiserver's bootstrap ClusterRole {@code system:discovery} grants to every
     * authenticated user (bound to {@code system:authenticated}); not ours to grant.
     */
    private static final List<String> DISCOVERY = List.of("/api", "/api/*", "/apis", "/apis/*", "/version", "/openapi/*",
            "/healthz", "/livez", "/readyz");

    /** One rule as it applies: {@code namespace} null for a ClusterRoleBinding's (everywhere). */
    record Grant(PolicyRule rule, String namespace, String source) {
        boolean allows(ApiCall call) {
            if (!call.isResourceRequest()) {
                return namespace == null && matches(rule.getNonResourceURLs(), call.path(), true) && has(rule.getVerbs(), call.verb());
            }
            if (namespace != null && !namespace.equals(call.namespace())) {
                return false;
            }
            return has(rule.getApiGroups(), call.group()) && matches(rule.getResources(), call.resourceKey(), false)
                    && has(rule.getVerbs(), call.verb())
                    && (empty(rule.getResourceNames()) || (!call.name().isEmpty() && rule.getResourceNames().contains(call.name())));
        }

        @Override
        public String toString() {
            return source + (namespace == null ? "" : " in " + namespace) + ": apiGroups " + rule.getApiGroups() + " resources "
                    + rule.getResources() + " verbs " + rule.getVerbs()
                    + (empty(rule.getResourceNames()) ? "" : " resourceNames " + rule.getResourceNames());
        }
    }

    private final List<HasMetadata> objects;

    private RbacPolicy(List<HasMetadata> objects) {
        this.objects = objects;
    }

    /** The RBAC objects among {@code objects} (a rendered Helm chart, a CSV's permissions); others are ignored. */
    static RbacPolicy of(List<HasMetadata> objects) {
        return new RbacPolicy(List.copyOf(objects));
    }

    /** Every object of every YAML file in {@code dir}. */
    static RbacPolicy load(Path dir) {
        return load(dir, f -> true);
    }

    /** Every object of the YAML files in {@code dir} that {@code files} accepts. */
    static RbacPolicy load(Path dir, Predicate<Path> files) {
        KubernetesSerialization yaml = new KubernetesSerialization();
        List<HasMetadata> all = new ArrayList<>();
        try (Stream<Path> listed = Files.list(dir)) {
            for (Path f : listed.filter(p -> p.toString().endsWith(".yaml")).filter(files).sorted().toList()) {
                for (String doc : Files.readString(f).split("(?m)^---\\s*$")) {
                    if (doc.lines().anyMatch(l -> !l.isBlank() && !l.startsWith("#"))) {
                        all.add(yaml.unmarshal(doc));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RbacPolicy(all);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The rules that apply to ServiceAccount {@code namespace/name}, each with where it applies. */
    List<Grant> grantsOf(String namespace, String name) {
        List<Grant> out = new ArrayList<>();
        for (ClusterRoleBinding b : all(ClusterRoleBinding.class)) {
            if (binds(b.getSubjects(), namespace, name)) {
                rules(b.getRoleRef(), null).forEach(r -> out.add(new Grant(r, null, "ClusterRole " + b.getRoleRef().getName())));
            }
        }
        for (RoleBinding b : all(RoleBinding.class)) {
            String ns = b.getMetadata().getNamespace();
            if (binds(b.getSubjects(), namespace, name)) {
                rules(b.getRoleRef(), ns).forEach(r -> out.add(new Grant(r, ns, b.getRoleRef().getKind() + " " + b.getRoleRef().getName())));
            }
        }
        return out;
    }

    /** The grant that allows {@code call}, if any. */
    static Optional<Grant> allowing(Collection<Grant> grants, ApiCall call) {
        if (!call.isResourceRequest() && call.verb().equals("get") && matches(DISCOVERY, call.path(), true)) {
            return Optional.of(new Grant(new PolicyRule(), null, "ClusterRole system:discovery (bootstrap, every authenticated user)"));
        }
        return grants.stream().filter(g -> g.allows(call)).findFirst();
    }

    private List<PolicyRule> rules(RoleRef ref, String bindingNamespace) {
        Stream<List<PolicyRule>> found = ref.getKind().equals("ClusterRole")
                ? all(ClusterRole.class).stream().filter(r -> r.getMetadata().getName().equals(ref.getName())).map(ClusterRole::getRules)
                : all(Role.class).stream().filter(r -> r.getMetadata().getName().equals(ref.getName())
                        && r.getMetadata().getNamespace().equals(bindingNamespace)).map(Role::getRules);
        List<PolicyRule> rules = found.flatMap(List::stream).toList();
        if (rules.isEmpty()) {
            throw new IllegalStateException(ref.getKind() + " " + ref.getName() + " is bound but not defined (or has no rules)");
        }
        return rules;
    }

    private static boolean binds(List<Subject> subjects, String namespace, String name) {
        return subjects != null && subjects.stream().anyMatch(s -> s.getKind().equals("ServiceAccount")
                && s.getName().equals(name) && namespace.equals(s.getNamespace()));
    }

    private static boolean has(List<String> values, String value) {
        return values != null && (values.contains(value) || values.contains("*"));
    }

    /** RBAC's resource match (a star, or star-slash-subresource) or, for URLs, its prefix match ({@code /apis/}star). */
    private static boolean matches(List<String> patterns, String value, boolean url) {
        if (patterns == null) {
            return false;
        }
        for (String p : patterns) {
            if (p.equals("*") || p.equals(value)) {
                return true;
            }
            if (url && p.endsWith("*") && value.startsWith(p.substring(0, p.length() - 1))) {
                return true;
            }
            if (!url && p.startsWith("*/") && value.endsWith(p.substring(1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean empty(List<String> values) {
        return values == null || values.isEmpty();
    }
}
