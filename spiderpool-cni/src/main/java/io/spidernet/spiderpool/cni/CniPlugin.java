package io.spidernet.spiderpool.cni;

import java.io.InputStream;
import java.util.Map;

/**
 * One plugin personality of the CNI binary (spiderpool, coordinator, ifacer): one invocation in,
 * the reply out. Process facts (environment, stdin) are handed in, so tests need no process.
 */
interface CniPlugin {
    /** What to print (nothing when empty) and how to exit. */
    record Reply(String json, int exitStatus) {}

    Reply handle(Map<String, String> env, InputStream stdin);
}
