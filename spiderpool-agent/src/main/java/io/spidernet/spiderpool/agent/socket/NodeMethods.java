package io.spidernet.spiderpool.agent.socket;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.grpc.MethodDescriptor;
import io.spidernet.spiderpool.agent.ipam.NodeApi;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorGrpc;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.GetWorkloadEndpointRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyRequest;
import io.spidernet.spiderpool.api.agent.v1.IpamGrpc;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpointsGrpc;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The node API's methods by their gRPC names, for the framed protocol: how to parse each request
 * and which {@link NodeApi} call answers it. The names come from the generated gRPC
 * descriptors, so the socket and gRPC cannot disagree on them.
 */
final class NodeMethods {
    private NodeMethods() {}

    /** One method: its request parser and its handler. */
    record Method<Q extends Message>(Parser<Q> parser, Function<Q, ? extends Message> handler) {}

    static Map<String, Method<?>> of(NodeApi node) {
        Map<String, Method<?>> m = new TreeMap<>();
        put(m, IpamGrpc.getAllocateMethod(), AllocateRequest.parser(), node::allocate);
        put(m, IpamGrpc.getReleaseMethod(), ReleaseRequest.parser(), node::release);
        put(m, IpamGrpc.getReleaseAllMethod(), ReleaseAllRequest.parser(), node::releaseAll);
        put(m, IpamGrpc.getCheckMethod(), CheckRequest.parser(), node::check);
        put(m, IpamGrpc.getHealthyMethod(), HealthyRequest.parser(), node::healthy);
        put(m, IpamGrpc.getGarbageCollectMethod(), GarbageCollectRequest.parser(), node::garbageCollect);
        put(m, CoordinatorGrpc.getGetCoordinatorConfigMethod(), GetCoordinatorConfigRequest.parser(), node::coordinatorConfig);
        put(m, WorkloadEndpointsGrpc.getGetWorkloadEndpointMethod(), GetWorkloadEndpointRequest.parser(),
                node::workloadEndpoint);
        return Map.copyOf(m);
    }

    private static <Q extends Message, R extends Message> void put(Map<String, Method<?>> m, MethodDescriptor<Q, R> d,
                                                                    Parser<Q> parser, Function<Q, R> handler) {
        m.put(d.getFullMethodName(), new Method<>(parser, handler));
    }
}
