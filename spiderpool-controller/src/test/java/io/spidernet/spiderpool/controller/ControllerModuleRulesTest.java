package io.spidernet.spiderpool.controller;

import io.spidernet.spiderpool.kube.AppModuleRules;

/** The controller depends on core and spiderpool-kube, never on the agent. */
class ControllerModuleRulesTest extends AppModuleRules {
    @Override
    protected String otherApp() {
        return "agent";
    }
}
