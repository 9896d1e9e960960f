package io.spidernet.spiderpool.controller.admin;

import io.grpc.Status;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Identity;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Verdict;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * x509 authentication as kube-apiserver does it for its own clients: the certificate the client
 * proved it holds (the TLS handshake checked its signature) must chain to a CA of the cluster's client
 * CA bundle, be valid now and, if it limits its use, be for client authentication; the user is the
 * subject's common name, the groups its organisation values in order. The TLS layer accepts any
 * certificate so that a refusal arrives as a gRPC status saying what is wrong, not as a failed handshake.
 */
final class ClientCertificates {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";

    private ClientCertificates() {
    }

    /** Who presented {@code chain} (leaf first), or why it is refused. */
    record Answer(Identity identity, Verdict refusal) {
        static Answer refused(String why) {
            return new Answer(null, new Verdict(Status.Code.UNAUTHENTICATED, why));
        }
    }

    static Answer authenticate(List<X509Certificate> chain, ClientCaBundle ca, Instant now) {
        X509Certificate leaf = chain.getFirst();
        String subject = leaf.getSubjectX500Principal().getName();
        if (!ca.present()) {
            return Answer.refused("client certificate " + subject + " not accepted: client certificates are not accepted here, "
                    + ca.absence() + "; use a bearer token, or have the cluster publish its client CA");
        }
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            return Answer.refused("client certificate " + subject + " expired at " + leaf.getNotAfter().toInstant()
                    + ": get a new one from your cluster administrator");
        } catch (CertificateNotYetValidException e) {
            return Answer.refused("client certificate " + subject + " is not valid before " + leaf.getNotBefore().toInstant()
                    + ": check this machine's clock, or wait");
        }
        String unsigned = "client certificate " + subject + " (issuer " + leaf.getIssuerX500Principal().getName()
                + ") is not signed by a CA of the cluster's client CA bundle (" + ca.certificates().size() + " certificate(s) in "
                + ClientCaBundle.SOURCE + ")";
        try {
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path(chain, ca)),
                    parameters(ca, now));
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return Answer.refused("client certificate " + subject + ": an intermediate CA certificate it was sent with has expired");
            }
            return Answer.refused(unsigned);
        } catch (GeneralSecurityException e) {
            return Answer.refused(unsigned + ": " + e.getMessage());
        }
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_USAGE)) {
                return Answer.refused("client certificate " + subject + " is not for client authentication (its extended key usage"
                        + " lacks clientAuth)");
            }
        } catch (CertificateParsingException e) {
            return Answer.refused("client certificate " + subject + " has an unreadable extended key usage");
        }
        X500Name name = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        List<String> users = values(name, BCStyle.CN);
        if (users.isEmpty() || users.getFirst().isEmpty()) {
            return Answer.refused("client certificate " + subject + " has no common name, which is the user's name");
        }
        return new Answer(new Identity(users.getFirst(), "", values(name, BCStyle.O), Map.of()), null);
    }

    /** The chain as sent less the trust anchors in it (a client may send its root too): PKIX wants the path below them. */
    private static List<X509Certificate> path(List<X509Certificate> chain, ClientCaBundle ca) {
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && ca.certificates().contains(path.getLast())) {
            path.removeLast();
        }
        return path;
    }

    private static PKIXParameters parameters(ClientCaBundle ca, Instant now) throws GeneralSecurityException {
        Set<TrustAnchor> anchors = new HashSet<>();
        ca.certificates().forEach(c -> anchors.add(new TrustAnchor(c, null)));
        PKIXParameters p = new PKIXParameters(anchors);
        // kube-apiserver checks no revocation for client certificates either
        p.setRevocationEnabled(false);
        p.setDate(Date.from(now));
        return p;
    }

    /** The values of every {@code type} attribute, multi-valued RDNs included, in the certificate's order. */
    private static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
        List<String> out = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(type)) {
                    ASN1Encodable v = atv.getValue();
                    out.add(v instanceof ASN1String s ? s.getString() : v.toString());
                }
            }
        }
        return out;
    }
}
