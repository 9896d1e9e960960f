package io.spidernet.spiderpool.agent;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the CNI socket is served: that socket, not the HTTP port, is what the node's
 * container runtime depends on, so it is what a DaemonSet's readiness should reflect.
 */
@Readiness
@Singleton
public class CniSocketReadiness implements HealthCheck {
    private final AgentLifecycle lifecycle;

    CniSocketReadiness(AgentLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        return lifecycle.cniSocket().map(s -> HealthCheckResponse.named("CNI socket").up()
                .withData("path", s.path().toAbsolutePath().toString()).build())
                .orElseGet(() -> HealthCheckResponse.named("CNI socket").down().build());
    }
}
