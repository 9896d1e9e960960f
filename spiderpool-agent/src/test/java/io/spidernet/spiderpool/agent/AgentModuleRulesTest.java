package io.spidernet.spiderpool.agent;

import io.spidernet.spiderpool.kube.AppModuleRules;

/** The agent depends on core and spiderpool-kube, never on the controller. */
class AgentModuleRulesTest extends AppModuleRules {
    @Override
    protected String otherApp() {
        return "controller";
    }
}
