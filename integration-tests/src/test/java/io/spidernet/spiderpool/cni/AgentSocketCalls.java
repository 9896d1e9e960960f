package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import java.nio.file.Path;

/**
 * The plugin's own client of the CNI socket, opened to the system tests so that a storm of calls
 * goes over exactly the framing and deadline the {@code spiderpool} binary uses, without one process
 * exec per pod. {@link AgentClient} stays package-private in the product; this test class shares its
 * package. A client holds a read buffer, so each call gets a fresh one and calls may run concurrently.
 * Failures are the plugin's {@link io.spidernet.spiderpool.core.cni.CniError}s.
 */
public final class AgentSocketCalls {
    private final Path socket;

    public AgentSocketCalls(Path socket) {
        this.socket = socket;
    }

    public AllocateResponse allocate(AllocateRequest request) {
        return parse(AllocateResponse.parser(), call(AgentClient.ALLOCATE, request.toByteArray()));
    }

    public ReleaseResponse release(ReleaseRequest request) {
        return parse(ReleaseResponse.parser(), call(AgentClient.RELEASE, request.toByteArray()));
    }

    /** What the {@code coordinator} binary asks before it configures a pod. */
    public CoordinatorConfig coordinatorConfig(GetCoordinatorConfigRequest request) {
        return parse(CoordinatorConfig.parser(), call(AgentClient.COORDINATOR_CONFIG, request.toByteArray()));
    }

    /** A reply protobuf cannot parse is the agent's bug, not a CNI outcome. */
    private static <T> T parse(Parser<T> parser, byte[] bytes) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the agent's reply does not parse: " + e.getMessage(), e);
        }
    }

    private byte[] call(String method, byte[] request) {
        return new AgentClient(socket, AgentClient.CALL_TIMEOUT_MILLIS).call(method, request);
    }
}
