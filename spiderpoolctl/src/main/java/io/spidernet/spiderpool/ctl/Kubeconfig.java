package io.spidernet.spiderpool.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The cluster and credentials of one kubeconfig context: the API server, the CA that signs its
 * certificate, and the user's bearer token or client certificate (or both: both are sent, and the
 * controller, like kube-apiserver, looks at the certificate first). Users who authenticate by exec
 * plugin or auth provider are refused with how to get a token instead.
 */
public record Kubeconfig(String context, String server, byte[] caPem, boolean insecureSkipTlsVerify, String token,
                         ClientCertificate clientCertificate) {
    /** A kubeconfig user's client-certificate, and the key manager that presents it with its key whenever a server asks. */
    record ClientCertificate(X509Certificate[] chain, X509ExtendedKeyManager keyManager) {
        @Override
        public String toString() {
            return "ClientCertificate[" + chain[0].getSubjectX500Principal() + "]";
        }
    }

    /** A kubeconfig is a small file; a bigger one is not one. */
    private static final long MAX_BYTES = 4 << 20;

    /** The file {@code --kubeconfig} names, else the first of $KUBECONFIG, else ~/.kube/config. */
    static Path locate(String flag, Map<String, String> env) {
        if (flag != null) {
            return Path.of(flag);
        }
        String list = env.get("KUBECONFIG");
        if (list != null && !list.isBlank()) {
            return Path.of(list.split(":")[0]);
        }
        return Path.of(env.getOrDefault("HOME", "/root"), ".kube", "config");
    }

    /**
     * The context {@code contextFlag} names (else the current one); {@code tokenOverride}
     * ($SPIDERPOOLCTL_TOKEN) replaces the user's credentials, client certificate included.
     */
    static Kubeconfig load(Path file, String contextFlag, String tokenOverride) {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw CtlException.usage("kubeconfig " + file + " is larger than 4 MiB: not a kubeconfig");
            }
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw CtlException.usage("cannot read the kubeconfig " + file + ": " + e.getMessage()
                    + " (give one with --kubeconfig or KUBECONFIG)");
        }
        String context = contextFlag != null ? contextFlag : root.path("current-context").asText("");
        if (context.isEmpty()) {
            throw CtlException.usage("kubeconfig " + file + " has no current-context: give --context");
        }
        JsonNode ctx = named(root, "contexts", context, file).path("context");
        JsonNode cluster = named(root, "clusters", ctx.path("cluster").asText(), file).path("cluster");
        JsonNode user = named(root, "users", ctx.path("user").asText(), file).path("user");
        String server = cluster.path("server").asText("");
        if (server.isEmpty()) {
            throw CtlException.usage("cluster " + ctx.path("cluster").asText() + " in " + file + " has no server");
        }
        byte[] ca = null;
        if (cluster.hasNonNull("certificate-authority-data")) {
            ca = Base64.getDecoder().decode(cluster.get("certificate-authority-data").asText());
        } else if (cluster.hasNonNull("certificate-authority")) {
            ca = read(resolve(file, cluster.get("certificate-authority").asText()), "certificate-authority");
        }
        boolean insecure = cluster.path("insecure-skip-tls-verify").asBoolean(false);
        if (tokenOverride != null && !tokenOverride.isBlank()) {
            return new Kubeconfig(context, server, ca, insecure, tokenOverride.trim(), null);
        }
        String userName = ctx.path("user").asText();
        String token = token(file, user);
        ClientCertificate cert = clientCertificate(file, userName, user);
        if (token == null && cert == null) {
            String how = user.hasNonNull("exec") ? "an exec plugin" : user.hasNonNull("auth-provider") ? "an auth provider" : "no credentials";
            throw new CtlException(ExitCode.DENIED, "kubeconfig user " + userName + " has " + how
                    + ", but spiderpoolctl needs a bearer token or a client certificate. Get a token with"
                    + " 'kubectl create token <serviceaccount> -n <namespace>' and put it in a kubeconfig user as token:, or"
                    + " point SPIDERPOOLCTL_TOKEN at it");
        }
        return new Kubeconfig(context, server, ca, insecure, token, cert);
    }

    private static String token(Path file, JsonNode user) {
        if (user.hasNonNull("token")) {
            return user.get("token").asText();
        }
        if (user.hasNonNull("tokenFile")) {
            return new String(read(resolve(file, user.get("tokenFile").asText()), "tokenFile"), StandardCharsets.UTF_8).trim();
        }
        return null;
    }

    /** client-certificate(-data) with client-key(-data), or null when the user has neither. */
    private static ClientCertificate clientCertificate(Path file, String userName, JsonNode user) {
        byte[] cert = inlineOrFile(file, user, "client-certificate");
        byte[] key = inlineOrFile(file, user, "client-key");
        if (cert == null && key == null) {
            return null;
        }
        String source = "kubeconfig user " + userName + " in " + file;
        if (cert == null || key == null) {
            throw CtlException.usage(source + " has a client-" + (cert == null ? "key" : "certificate") + " but no client-"
                    + (cert == null ? "certificate" : "key") + "; give both");
        }
        X509Certificate[] chain = Pem.certificates(cert, source + ": client-certificate");
        return new ClientCertificate(chain, Pem.presenting(chain, PrivateKeyPem.read(key, source + ": client-key"), source));
    }

    /** {@code <field>-data} (base64 PEM) or {@code <field>} (a file beside the kubeconfig), as kubectl reads them. */
    private static byte[] inlineOrFile(Path file, JsonNode user, String field) {
        if (user.hasNonNull(field + "-data")) {
            try {
                return Base64.getDecoder().decode(user.get(field + "-data").asText().strip());
            } catch (IllegalArgumentException e) {
                throw CtlException.usage("kubeconfig " + file + ": " + field + "-data is not base64");
            }
        }
        return user.hasNonNull(field) ? read(resolve(file, user.get(field).asText()), field) : null;
    }

    private static JsonNode named(JsonNode root, String list, String name, Path file) {
        for (JsonNode entry : root.path(list)) {
            if (name.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        throw CtlException.usage("kubeconfig " + file + " has no entry '" + name + "' in " + list);
    }

    private static Path resolve(Path kubeconfig, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() || kubeconfig.getParent() == null ? p : kubeconfig.getParent().resolve(p);
    }

    private static byte[] read(Path p, String what) {
        try {
            if (Files.size(p) > MAX_BYTES) {
                throw CtlException.usage(what + " " + p + " is larger than 4 MiB");
            }
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw CtlException.usage("cannot read the kubeconfig's " + what + " " + p + ": " + e.getMessage());
        }
    }

    /** Never the token or the key: a record's default would print them. */
    @Override
    public String toString() {
        return "Kubeconfig[context=" + context + ", server=" + server + "]";
    }

    /** The client certificate's key manager, or null for none. */
    X509ExtendedKeyManager keyManager() {
        return clientCertificate == null ? null : clientCertificate.keyManager();
    }
}
