package io.spidernet.spiderpool.controller.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.UUID;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Posts AdmissionReviews to the webhook server the way the API server does: over HTTPS, trusting
 * only the CA bundle, and checking that the certificate names the Service (the test dials localhost).
 */
final class WebhookHttps {
    static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final String serviceDnsName;
    private final SSLContext ssl;

    WebhookHttps(int port, X509Certificate ca, String serviceDnsName) throws GeneralSecurityException, IOException {
        this.port = port;
        this.serviceDnsName = serviceDnsName;
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
    }

    /** The object of a manifest, as JSON. */
    static ObjectNode object(String yaml) {
        return JSON.valueToTree(Serialization.unmarshal(yaml, GenericKubernetesResource.class));
    }

    static ObjectNode review(String op, String name, JsonNode object, JsonNode oldObject) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode req = review.putObject("request").put("uid", UUID.randomUUID().toString()).put("operation", op).put("name", name);
        req.set("object", object);
        req.set("oldObject", oldObject);
        return review;
    }

    /** {@code response} of the review answered at {@code path}. */
    JsonNode post(String path, JsonNode review) throws IOException {
        HttpsURLConnection c = (HttpsURLConnection) URI.create("https://localhost:" + port + path).toURL().openConnection();
        c.setSSLSocketFactory(ssl.getSocketFactory());
        c.setHostnameVerifier((host, session) -> {
            try {
                return TlsMaterial.dnsNames((X509Certificate) session.getPeerCertificates()[0]).contains(serviceDnsName);
            } catch (SSLPeerUnverifiedException | java.security.cert.CertificateParsingException e) {
                return false;
            }
        });
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(JSON.writeValueAsBytes(review));
        }
        if (c.getResponseCode() != 200) {
            throw new IOException("HTTP " + c.getResponseCode() + " from " + path);
        }
        try (InputStream in = c.getInputStream()) {
            return JSON.readTree(in).get("response");
        }
    }

    /** A TLS connection to the server, handshake done, reads giving up after 10 s. */
    SSLSocket connect() throws IOException {
        SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("localhost", port);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    /** An HTTP/1.1 answer read off a socket. */
    record Answer(int status, String body) {}

    /** Writes a request head (and {@code body}, may be empty) as is and reads the answer. */
    static Answer exchange(Socket socket, String head, byte[] body) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return read(socket.getInputStream());
    }

    /** A request with a Content-Length body. */
    static String head(String method, String path, long contentLength) {
        return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + contentLength + "\r\n\r\n";
    }

    static Answer read(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new EOFException("connection closed before an answer");
        }
        int length = 0;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring("content-length:".length()).trim());
            }
        }
        return new Answer(Integer.parseInt(status.split(" ")[1]), new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return b.isEmpty() ? null : b.toString();
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** What the API server does for a write: mutate, apply the patch, validate the result. */
    JsonNode admit(String kind, String op, ObjectNode object, ObjectNode oldObject) throws IOException {
        String name = (object != null ? object : oldObject).path("metadata").path("name").asText();
        JsonNode toValidate = object;
        if (object != null) {
            JsonNode mutated = post(AdmissionRouter.MUTATE_PREFIX + kind, review(op, name, object, oldObject));
            toValidate = patched(object, mutated);
        }
        return post(AdmissionRouter.VALIDATE_PREFIX + kind, review(op, name, toValidate, oldObject));
    }

    static JsonNode patched(JsonNode object, JsonNode mutateResponse) throws IOException {
        if (!mutateResponse.has("patch")) {
            return object;
        }
        JsonNode patch = JSON.readTree(new String(Base64.getDecoder().decode(mutateResponse.get("patch").asText()), StandardCharsets.UTF_8));
        return JsonPatch.apply(patch, object);
    }
}
