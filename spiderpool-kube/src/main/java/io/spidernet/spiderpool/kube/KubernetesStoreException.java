package io.spidernet.spiderpool.kube;

/** The API server failed a pool read or write for a reason other than a lost race or a deleted pool. */
public final class KubernetesStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KubernetesStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
