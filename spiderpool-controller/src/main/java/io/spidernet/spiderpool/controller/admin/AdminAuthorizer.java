package io.spidernet.spiderpool.controller.admin;

import io.grpc.Status;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Check;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Identity;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Token;
import io.spidernet.spiderpool.controller.admin.AdminAccess.TokenAnswer;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Authorises one admin call from the client certificate it came with, its {@code authorization}
 * header and its gRPC path: {@link AdminAccess} decides, {@link Reviews} asks the API server.
 * <p>
 * Who calls, in kube-apiserver's order: a client certificate first ({@link ClientCertificates}
 * against the cluster's client CA), then a bearer token (TokenReview). A certificate that passes
 * decides, whatever token comes with it; one that does not leaves the token to decide, as
 * kube-apiserver's union of authenticators does, and with no token the call is refused with what
 * is wrong with the certificate. Never anonymous. Then one SubjectAccessReview for the user and groups.
 * <p>
 * Verdicts, allowed or refused, are reused for a short while (kube-rbac-proxy caches likewise) so a
 * tool's burst of calls costs two reviews, not two per call; they are keyed by a SHA-256 of the token
 * or of the certificate, never kept or logged themselves. A certificate is checked against the CA and
 * the clock at every call: only the review is reused. Failed reviews are not cached: the next call asks again.
 */
public final class AdminAuthorizer {
    private static final Logger LOG = Logger.getLogger(AdminAuthorizer.class);

    private final Reviews reviews;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Cached> cache;
    private final Supplier<ClientCaBundle> clientCa;
    private final Clock clock;

    private record Cached(Verdict verdict, long expiresAt) {
    }

    /** Without client certificates: bearer tokens only. */
    public AdminAuthorizer(Reviews reviews, Duration ttl, int maxEntries, LongSupplier nanoTime) {
        this(reviews, ttl, maxEntries, nanoTime, () -> ClientCaBundle.none("this server was set up without a client CA"),
                Clock.systemUTC());
    }

    /**
     * {@code nanoTime} is {@code System::nanoTime} and {@code clock} the system's outside tests;
     * {@code clientCa} is the current client CA bundle, which may change between calls.
     */
    public AdminAuthorizer(Reviews reviews, Duration ttl, int maxEntries, LongSupplier nanoTime, Supplier<ClientCaBundle> clientCa,
                           Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("spiderpool.controller.admin.review-cache-size=" + maxEntries
                    + " must be at least 1");
        }
        this.reviews = reviews;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        this.clientCa = clientCa;
        this.clock = clock;
        // insertion order: the eldest entry is the first to expire, so it goes first when full
        this.cache = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The verdict on a call with a bearer token only; see {@link #authorize(String, List, String)}. */
    public Verdict authorize(String authorizationHeader, String grpcPath) {
        return authorize(authorizationHeader, List.of(), grpcPath);
    }

    /**
     * The verdict on calling {@code grpcPath} with this header and the client certificate chain the
     * TLS handshake received (leaf first; empty for none); blocks on the API server when not cached.
     */
    public Verdict authorize(String authorizationHeader, List<X509Certificate> peerChain, String grpcPath) {
        Optional<Check> check = AdminAccess.checkFor(grpcPath);
        if (check.isEmpty()) {
            return new Verdict(Status.Code.UNIMPLEMENTED, "no admin method " + grpcPath);
        }
        ClientCertificates.Answer byCertificate = null;
        if (!peerChain.isEmpty()) {
            byCertificate = ClientCertificates.authenticate(peerChain, clientCa.get(), clock.instant());
            if (byCertificate.identity() != null) {
                Identity who = byCertificate.identity();
                return reviewed("x509 " + sha256(encoded(peerChain.getFirst())) + ' ' + grpcPath, grpcPath,
                        () -> accessVerdict(who, check.get()));
            }
            if (authorizationHeader == null || authorizationHeader.isBlank()) {
                LOG.infof("admin call to %s refused: %s", grpcPath, byCertificate.refusal().description());
                return byCertificate.refusal();
            }
        }
        Token token = AdminAccess.bearerToken(authorizationHeader);
        if (token.refusal() != null) {
            return byCertificate == null ? token.refusal() : byCertificate.refusal();
        }
        Verdict verdict = reviewed("bearer " + sha256(token.value().getBytes(StandardCharsets.UTF_8)) + ' ' + grpcPath, grpcPath,
                () -> review(token.value(), check.get()));
        if (byCertificate != null && verdict.code() == Status.Code.UNAUTHENTICATED) {
            return new Verdict(verdict.code(), verdict.description() + "; nor the client certificate: "
                    + byCertificate.refusal().description());
        }
        return verdict;
    }

    /** The cached verdict under {@code key}, else the one {@code review} gives, cached unless the API server failed. */
    private Verdict reviewed(String key, String grpcPath, Supplier<Verdict> review) {
        Verdict cached = cached(key);
        if (cached != null) {
            return cached;
        }
        Verdict verdict;
        try {
            verdict = review.get();
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
        return accessVerdict(who.identity(), check);
    }

    private Verdict accessVerdict(Identity who, Check check) {
        AdminAccess.AccessAnswer access = reviews.reviewAccess(who, check);
        if (!access.allowed()) {
            LOG.infof("admin call refused: user %s (groups %s) may not %s %s (%s)", who.user(), who.groups(), check.verb(),
                    check.path(), access.reason());
        }
        return AdminAccess.afterAccessReview(check, who, access);
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

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            // it came off the wire as DER, so it encodes; were it not to, no cache entry could be shared
            throw new IllegalStateException("cannot encode client certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    private static String sha256(byte[] secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
