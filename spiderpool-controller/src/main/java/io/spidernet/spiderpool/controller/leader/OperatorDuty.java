package io.spidernet.spiderpool.controller.leader;

import io.javaoperatorsdk.operator.Operator;
import jakarta.inject.Singleton;

/**
 * The JOSDK reconcilers. {@code quarkus.operator-sdk.start-operator=false} keeps Quarkus from starting
 * them with the application: their informers and work queues run on the lease holder only.
 */
@Singleton
public class OperatorDuty implements LeaderDuty {
    private final Operator operator;

    OperatorDuty(Operator operator) {
        this.operator = operator;
    }

    @Override
    public void start() {
        operator.start();
    }

    @Override
    public String name() {
        return "reconcilers";
    }
}
