package io.spidernet.spiderpool.ctl;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.spidernet.spiderpool.api.agent.v1.GetWorkloadEndpointRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
import io.spidernet.spiderpool.api.agent.v1.IpamGrpc;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpoint;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpointsGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node's agent over its gRPC unix socket (root's alone: file permissions are the access
 * control), for what a node knows without the cluster: the agent's record of a pod (also in its
 * local-store mode) and whether it serves.
 */
final class AgentClient implements AutoCloseable {
    /** The agent's default CNI socket; its gRPC socket is {@code grpc.sock} in the directory beside it. */
    static final String DEFAULT_CNI_SOCKET = "/var/run/spidernet/spiderpool.sock";

    /** Netty warns that a unix socket has no TCP keep-alive, which grpc-java sets on every channel; held so the level stays. */
    private static final java.util.logging.Logger BOOTSTRAP_LOG = quiet(java.util.logging.Logger.getLogger("io.netty.bootstrap"));

    private final EpollEventLoopGroup loop;
    private final ManagedChannel channel;
    private final String target;
    private final Duration timeout;

    AgentClient(String socketFlag, Duration timeout) {
        Path socket = grpcSocket(socketFlag);
        if (!Files.exists(socket)) {
            throw new CtlException(ExitCode.UNREACHABLE, "no agent socket at " + socket
                    + ": is spiderpool-agent running on this node, and is --agent-socket its CNI socket or its grpc.sock?");
        }
        if (!Epoll.isAvailable()) {
            throw new CtlException(ExitCode.UNREACHABLE, "unix sockets need Linux epoll, which is not available here: "
                    + Epoll.unavailabilityCause().getMessage());
        }
        this.loop = new EpollEventLoopGroup(1);
        this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollDomainSocketChannel.class).eventLoopGroup(loop).usePlaintext()
                // the default :authority would be the socket's path, which HTTP/2 servers refuse
                .overrideAuthority("localhost").build();
        this.target = "the agent at " + socket;
        this.timeout = timeout;
    }

    private static java.util.logging.Logger quiet(java.util.logging.Logger log) {
        log.setLevel(java.util.logging.Level.SEVERE);
        return log;
    }

    /** The gRPC socket for a path that is either it or the agent's CNI socket. */
    static Path grpcSocket(String flag) {
        Path given = Path.of(flag.isEmpty() ? DEFAULT_CNI_SOCKET : flag);
        Path beside = Path.of(given + ".d", "grpc.sock");
        return given.getFileName().toString().equals("grpc.sock") ? given : beside;
    }

    WorkloadEndpoint endpoint(String namespace, String pod) {
        return call(() -> WorkloadEndpointsGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .getWorkloadEndpoint(GetWorkloadEndpointRequest.newBuilder().setPodNamespace(namespace).setPodName(pod).build()));
    }

    HealthyResponse healthy() {
        return call(() -> IpamGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .healthy(HealthyRequest.getDefaultInstance()));
    }

    private <T> T call(Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw GrpcFailures.of(e, target, "is spiderpool-agent running on this node, and may you open its socket (root)?");
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }
}
