package io.spidernet.spiderpool.core.autopool;

import java.math.BigInteger;

/**
 * Why an application's pools cannot be planned. Sealed so that the reconciler decides per kind
 * whether to retry (insufficient IPs may free up) or to report and wait for a user edit.
 */
public abstract sealed class AutoPoolException extends RuntimeException
        permits AutoPoolException.Unsupported, AutoPoolException.InvalidRequest, AutoPoolException.InsufficientSubnetIps {
    private static final long serialVersionUID = 1L;

    private AutoPoolException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The workload cannot have auto-pools at all. */
    public static final class Unsupported extends AutoPoolException {
        private static final long serialVersionUID = 1L;

        private Unsupported(String message) {
            super(message, null);
        }

        static Unsupported orphanPod(String pod) {
            return new Unsupported("pod " + pod + " has no controller; SpiderSubnet auto-created IPPools are sized by an"
                    + " application's replicas, so a bare pod cannot have one. Run it from a Deployment, StatefulSet,"
                    + " DaemonSet, Job… or name an IPPool with ipam.spidernet.io/ippool instead");
        }

        static Unsupported kind(String apiVersion, String kind) {
            return new Unsupported(apiVersion + " " + kind + " is not a workload kind auto-pools know; describe it"
                    + " as a third-party application (apiVersion, kind, namespace, name, uid and replicas)");
        }
    }

    /** The application's annotations ask for something that cannot be done; retrying cannot help. */
    public static final class InvalidRequest extends AutoPoolException {
        private static final long serialVersionUID = 1L;

        InvalidRequest(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The subnet has fewer free IPs than the pool must grow by; may succeed once other pools shrink. */
    public static final class InsufficientSubnetIps extends AutoPoolException {
        private static final long serialVersionUID = 1L;
        private final String subnet;
        private final BigInteger wanted;
        private final BigInteger free;

        InsufficientSubnetIps(String subnet, String pool, BigInteger wanted, BigInteger free) {
            super("insufficient SpiderSubnet FreeIPs: IPPool " + pool + " needs " + wanted + " more IPs but SpiderSubnet "
                    + subnet + " has only " + free + " free (not in another IPPool, excludeIPs or a SpiderReservedIP);"
                    + " add IPs to the subnet, shrink or delete other pools of it, or lower"
                    + " ipam.spidernet.io/ippool-ip-number or the replicas", null);
            this.subnet = subnet;
            this.wanted = wanted;
            this.free = free;
        }

        public String subnet() {
            return subnet;
        }

        public BigInteger wanted() {
            return wanted;
        }

        public BigInteger free() {
            return free;
        }
    }
}
