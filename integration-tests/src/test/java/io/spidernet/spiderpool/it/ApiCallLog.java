package io.spidernet.spiderpool.it;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The distinct API calls each identity made (the bearer token it sent: {@code agent}, {@code controller}),
 * as {@link ApiCall}s: what the RBAC test checks against {@code deploy/rbac}. Each
 * {@link CountingApiServer} keeps its own and adds to {@link #PROCESS}, the record of every server this
 * test JVM ran.
 */
final class ApiCallLog {
    /** Every call of every server in this JVM, whatever test class ran it. */
    static final ApiCallLog PROCESS = new ApiCallLog();

    private final Map<String, Set<ApiCall>> byIdentity = new ConcurrentHashMap<>();

    void record(String identity, ApiCall call) {
        byIdentity.computeIfAbsent(identity, k -> ConcurrentHashMap.newKeySet()).add(call);
    }

    /** The calls {@code identity} made so far (a copy). */
    Set<ApiCall> of(String identity) {
        return Set.copyOf(byIdentity.getOrDefault(identity, Set.of()));
    }

    /** Identities seen so far, with how many distinct calls each made. */
    Map<String, Integer> identities() {
        Map<String, Integer> out = new TreeMap<>();
        byIdentity.forEach((k, v) -> out.put(k, v.size()));
        return out;
    }

    /**
     * The identity of a request: its bearer token (the apps' processes are given theirs through
     * {@code quarkus.kubernetes-client.token}), or null when it sent none (the test's own client).
     */
    static String identity(String authorizationHeader) {
        String prefix = "Bearer ";
        return authorizationHeader != null && authorizationHeader.startsWith(prefix)
                ? authorizationHeader.substring(prefix.length()).trim() : null;
    }
}
