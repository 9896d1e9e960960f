package io.spidernet.spiderpool.ctl;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.SslContextBuilder;
import io.spidernet.spiderpool.api.controller.v1.AdminGrpc;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationRequest;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationResponse;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewRequest;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewResponse;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageRequest;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageResponse;
import io.spidernet.spiderpool.api.controller.v1.TriggerGcRequest;
import io.spidernet.spiderpool.api.controller.v1.TriggerGcResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;

/**
 * The controller's admin API over TLS, verifying the controller's certificate against {@code caPem}
 * for the name {@code serverName} (its Service's DNS name, which the certificate is issued for,
 * whatever address is dialled: a port-forward, or 127.0.0.1 inside the pod), and sending the
 * user's bearer token, client certificate, or both.
 */
final class AdminClient implements AutoCloseable {
    /** What the controller's serving certificate is issued for: its Service in kube-system. */
    static final String DEFAULT_SERVER_NAME = "spiderpool-controller.kube-system.svc";
    /** Inside the controller's pod, or through {@code kubectl port-forward}. */
    static final String DEFAULT_ADDRESS = "127.0.0.1:5723";
    private static final int MAX_MESSAGE_BYTES = 64 << 20;

    private final ManagedChannel channel;
    private final AdminGrpc.AdminBlockingStub stub;
    private final String target;
    private final Duration timeout;

    /** {@code token} or {@code client} (the kubeconfig user's certificate) may be null, not both. */
    AdminClient(String address, String serverName, byte[] caPem, String caSource, String token, KeyManager client, Duration timeout) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw CtlException.usage("--controller " + address + ": give HOST:PORT, e.g. 127.0.0.1:5723");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw CtlException.usage("--controller " + address + ": the port is not a number");
        }
        try {
            SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(Pem.certificates(caPem, caSource));
            if (client != null) {
                tls.keyManager(client);
            }
            this.channel = NettyChannelBuilder.forAddress(address.substring(0, colon), port).overrideAuthority(serverName)
                    .sslContext(tls.build())
                    .maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
        AdminGrpc.AdminBlockingStub plain = AdminGrpc.newBlockingStub(channel);
        if (token != null) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            plain = plain.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        this.stub = plain;
        this.target = "the controller's admin API at " + address;
        this.timeout = timeout;
    }

    PoolUsageResponse poolUsage(PoolUsageRequest request) {
        return call(s -> s.poolUsage(request));
    }

    ExplainAllocationResponse explain(ExplainAllocationRequest request) {
        return call(s -> s.explainAllocation(request));
    }

    GcPreviewResponse gcPreview(GcPreviewRequest request) {
        return call(s -> s.gcPreview(request));
    }

    TriggerGcResponse triggerGc() {
        return call(s -> s.triggerGc(TriggerGcRequest.getDefaultInstance()));
    }

    private <T> T call(Function<AdminGrpc.AdminBlockingStub, T> method) {
        try {
            return method.apply(stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            throw GrpcFailures.of(e, target, "is the controller running, and is --controller right? From outside the cluster:"
                    + " kubectl -n kube-system port-forward deploy/spiderpool-controller 5723, then the default 127.0.0.1:5723;"
                    + " a certificate error means --controller-ca or --tls-server-name is wrong");
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
