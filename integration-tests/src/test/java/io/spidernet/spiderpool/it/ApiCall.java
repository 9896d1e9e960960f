package io.spidernet.spiderpool.it;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One request as RBAC sees it: the authorization attributes kube-apiserver's RequestInfo resolver
 * derives from the HTTP method and path, so that what the apps send to the test API server can be
 * checked against the roles in {@code deploy/rbac} exactly as a real API server would check it.
 *
 * <p>The resolver's rules, for {@code /api/v1/...} (core group, empty name) and
 * {@code /apis/<group>/<version>/...}: {@code [namespaces/<ns>/]<resource>[/<name>[/<subresource>]]};
 * POST = create, PUT = update, PATCH = patch, GET/HEAD by name = get, DELETE by name = delete; without a
 * name GET is list (or watch with {@code ?watch=true}) and DELETE is deletecollection; a list or watch
 * selecting {@code metadata.name=<x>} carries that name. {@code namespaces/<ns>} alone (or with
 * {@code status}/{@code finalize}) is the Namespace object itself. Shorter paths ({@code /api},
 * {@code /api/v1}, {@code /apis/<group>/<version>}, {@code /version}) are non-resource requests
 * (discovery), authorised by URL.
 *
 * @param verb        the RBAC verb: get, list, watch, create, update, patch, delete, deletecollection
 * @param group       the API group, "" for the core group
 * @param resource    the resource, e.g. {@code spiderippools}
 * @param subresource e.g. {@code status}, or ""
 * @param namespace   "" for cluster-scoped resources and for requests across all namespaces
 * @param name        the object's name, "" when the request names none
 * @param path        for a non-resource request its path (query dropped), else null
 */
record ApiCall(String verb, String group, String resource, String subresource, String namespace, String name, String path) {
    /** kube-apiserver's namespaceSubresources: these after {@code namespaces/<ns>} are the Namespace's own. */
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    /** The attributes of {@code method} on {@code pathAndQuery}, as kube-apiserver resolves them. */
    static ApiCall of(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        List<String> parts = new ArrayList<>(Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList());
        boolean core = !parts.isEmpty() && parts.getFirst().equals("api");
        boolean grouped = !parts.isEmpty() && parts.getFirst().equals("apis");
        if (parts.size() < 3 || !(core || grouped) || (grouped && parts.size() < 4)) {
            return new ApiCall(method.toLowerCase(), "", "", "", "", "", path);
        }
        String group = grouped ? parts.get(1) : "";
        List<String> rest = parts.subList(grouped ? 3 : 2, parts.size());
        String namespace = "";
        if (rest.getFirst().equals("namespaces") && rest.size() > 1) {
            namespace = rest.get(1);
            if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
                rest = rest.subList(2, rest.size());
            }
        }
        String resource = rest.getFirst();
        String name = rest.size() > 1 ? rest.get(1) : "";
        String subresource = rest.size() > 2 ? rest.get(2) : "";
        String verb = switch (method) {
            case "POST" -> "create";
            case "GET", "HEAD" -> name.isEmpty() ? (isWatch(query) ? "watch" : "list") : "get";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
            default -> method.toLowerCase();
        };
        if (name.isEmpty() && (verb.equals("list") || verb.equals("watch"))) {
            name = selectedName(query);
        }
        return new ApiCall(verb, group, resource, subresource, namespace, name, null);
    }

    boolean isResourceRequest() {
        return path == null;
    }

    /** {@code resource} or {@code resource/subresource}, as RBAC rules name it. */
    String resourceKey() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    @Override
    public String toString() {
        if (!isResourceRequest()) {
            return verb + " " + path + " (non-resource)";
        }
        return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resourceKey()
                + (namespace.isEmpty() ? "" : " in " + namespace) + (name.isEmpty() ? "" : " named " + name);
    }

    private static boolean isWatch(String query) {
        String w = param(query, "watch");
        return w != null && (w.equals("true") || w.equals("1") || w.equals("t") || w.equals("True"));
    }

    /** {@code metadata.name=<x>} in the field selector: the API server authorises such a list as a request for {@code x}. */
    private static String selectedName(String query) {
        String selector = param(query, "fieldSelector");
        if (selector == null) {
            return "";
        }
        for (String requirement : selector.split(",")) {
            for (String prefix : List.of("metadata.name==", "metadata.name=")) {
                if (requirement.startsWith(prefix)) {
                    return requirement.substring(prefix.length());
                }
            }
        }
        return "";
    }

    private static String param(String query, String name) {
        for (String p : query.split("&")) {
            int eq = p.indexOf('=');
            if ((eq < 0 ? p : p.substring(0, eq)).equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
