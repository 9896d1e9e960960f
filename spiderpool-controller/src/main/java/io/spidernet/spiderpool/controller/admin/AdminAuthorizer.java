package io.spidernet.spiderpool.controller.admin;

import io.grpc.Status;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Check;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Token;
import io.spidernet.spiderpool.controller.admin.AdminAccess.TokenAnswer;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Authorises one admin call from its {@code authorization} header and gRPC path: {@link AdminAccess}
 * decides, {@link Reviews} asks the API server. Verdicts, allowed or refused, are reused for a short
 * while (kube-rbac-proxy caches likewise) so a tool's burst of calls costs two reviews, not two per
 * call; they are keyed by a SHA-256 of the token, which is never kept or logged. Failed reviews are
 * not cached: the next call asks again.
 */
public final class AdminAuthorizer {
    private static final Logger LOG = Logger.getLogger(AdminAuthorizer.class);

    private final Reviews reviews;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Cached> cache;

    private record Cached(Verdict verdict, long expiresAt) {
    }

    /** {@code nanoTime} is {@code System::nanoTime} outside tests. */
    public AdminAuthorizer(Reviews reviews, Duration ttl, int maxEntries, LongSupplier nanoTime) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("spiderpool.controller.admin.review-cache-size=" + maxEntries
                    + " must be at least 1");
        }
        this.reviews = reviews;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        // insertion order: the eldest entry is the first to expire, so it goes first when full
        this.cache = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The verdict on calling {@code grpcPath} with this header; blocks on the API server when not cached. */
    public Verdict authorize(String authorizationHeader, String grpcPath) {
        Optional<Check> check = AdminAccess.checkFor(grpcPath);
        if (check.isEmpty()) {
            return new Verdict(Status.Code.UNIMPLEMENTED, "no admin method " + grpcPath);
        }
        Token token = AdminAccess.bearerToken(authorizationHeader);
        if (token.refusal() != null) {
            return token.refusal();
        }
        String key = sha256(token.value()) + ' ' + grpcPath;
        Verdict cached = cached(key);
        if (cached != null) {
            return cached;
        }
        Verdict verdict;
        try {
            verdict = review(token.value(), check.get());
        } catch (Reviews.Unavailable e) {
            LOG.warnf("admin call to %s not authorised: %s", grpcPath, e.getMessage());
            return AdminAccess.reviewUnavailable(e.review());
        }
        remember(key, verdict);
        return verdict;
    }

    private Verdict review(String token, Check check) {
        TokenAnswer who = reviews.reviewToken(token);
        Optional<Verdict> refused = AdminAccess.afterTokenReview(who);
        if (refused.isPresent()) {
            return refused.get();
        }
        AdminAccess.AccessAnswer access = reviews.reviewAccess(who.identity(), check);
        if (!access.allowed()) {
            LOG.infof("admin call refused: user %s may not %s %s (%s)", who.identity().user(), check.verb(), check.path(),
                    access.reason());
        }
        return AdminAccess.afterAccessReview(check, who.identity(), access);
    }

    private synchronized Verdict cached(String key) {
        Cached c = cache.get(key);
        if (c == null) {
            return null;
        }
        if (nanoTime.getAsLong() - c.expiresAt() >= 0) {
            cache.remove(key);
            return null;
        }
        return c.verdict();
    }

    private synchronized void remember(String key, Verdict verdict) {
        // re-inserting moves the key to the young end, so eviction stays eldest-first
        cache.remove(key);
        cache.put(key, new Cached(verdict, nanoTime.getAsLong() + ttlNanos));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
