package io.spidernet.spiderpool.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * The cluster and credentials of one kubeconfig context: the API server, the CA that signs its
 * certificate, and the user's bearer token. Users who authenticate by client certificate, exec
 * plugin or auth provider are refused with how to get a token instead: the admin API checks callers
 * by TokenReview, which only a token passes.
 */
public record Kubeconfig(String context, String server, byte[] caPem, boolean insecureSkipTlsVerify, String token) {
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

    /** The context {@code contextFlag} names (else the current one); {@code tokenOverride} ($SPIDERPOOLCTL_TOKEN) replaces the user's credentials. */
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
        return new Kubeconfig(context, server, ca, cluster.path("insecure-skip-tls-verify").asBoolean(false),
                tokenOverride != null && !tokenOverride.isBlank() ? tokenOverride.trim() : token(file, ctx.path("user").asText(), user));
    }

    private static String token(Path file, String userName, JsonNode user) {
        if (user.hasNonNull("token")) {
            return user.get("token").asText();
        }
        if (user.hasNonNull("tokenFile")) {
            return new String(read(resolve(file, user.get("tokenFile").asText()), "tokenFile"), StandardCharsets.UTF_8).trim();
        }
        String how = user.hasNonNull("client-certificate") || user.hasNonNull("client-certificate-data") ? "a client certificate"
                : user.hasNonNull("exec") ? "an exec plugin" : user.hasNonNull("auth-provider") ? "an auth provider" : "no credentials";
        throw new CtlException(ExitCode.DENIED, "kubeconfig user " + userName + " has " + how
                + ", but spiderpoolctl needs a bearer token (the admin API authenticates callers by TokenReview). Get one with"
                + " 'kubectl create token <serviceaccount> -n <namespace>' and put it in a kubeconfig user as token:, or"
                + " point SPIDERPOOLCTL_TOKEN at it");
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

    /** Never the token: a record's default would print it. */
    @Override
    public String toString() {
        return "Kubeconfig[context=" + context + ", server=" + server + "]";
    }
}
