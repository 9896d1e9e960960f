package io.spidernet.spiderpool.core.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.spidernet.spiderpool.core.model.operator.AgentSettings;
import io.spidernet.spiderpool.core.model.operator.ControllerSettings;
import io.spidernet.spiderpool.core.model.operator.IpamSettings;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import io.spidernet.spiderpool.core.model.operator.SpiderpoolSpec;
import java.util.function.Consumer;

/** Spiderpool objects and the context for the operator's table tests. */
final class OperatorFixtures {
    static final OperatorContext CONTEXT = new OperatorContext("kube-system", "ghcr.io/spidernet-io/spiderpool-java/agent:0.1.0",
            false, "spiderpool-controller", 5722, "spiderpool-controller", "spiderpool-controller", "default");

    private OperatorFixtures() {}

    /** The object named spiderpool, with every group present and empty, changed by {@code edit}. */
    static Spiderpool spiderpool(Consumer<SpiderpoolSpec> edit) {
        Spiderpool s = new Spiderpool();
        s.setMetadata(new ObjectMetaBuilder().withName("spiderpool").withUid("0b0e5d0e-uid").withGeneration(1L).build());
        SpiderpoolSpec spec = new SpiderpoolSpec();
        spec.setIpam(new IpamSettings());
        spec.setAgent(new AgentSettings());
        spec.setController(new ControllerSettings());
        edit.accept(spec);
        s.setSpec(spec);
        return s;
    }

    static EffectiveSpec effective(Consumer<SpiderpoolSpec> edit) {
        return EffectiveSpec.of(spiderpool(edit), CONTEXT);
    }

    static DesiredState desired(Consumer<SpiderpoolSpec> edit) {
        Spiderpool owner = spiderpool(edit);
        return DesiredState.render(EffectiveSpec.of(owner, CONTEXT), owner);
    }
}
