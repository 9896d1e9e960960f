package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.SpiderpoolErrorKind;

/**
 * The one mapping from the agent's failure kind (ipam.proto's Failure.Kind) to the CNI error the runtime sees. The
 * agent's message (which says what to change) becomes the error's details; the kind fixes code
 * and summary. Failures that clear up by themselves use the spec's code 11 so the runtime retries.
 */
final class AgentFailures {
    private AgentFailures() {}

    static CniError toCni(AgentReply.Failure failure, String method) {
        String message = failure.message();
        return switch (failure.kind()) {
            case AgentReply.Failure.WRONG_INPUT -> new CniError.Spiderpool(SpiderpoolErrorKind.WRONG_INPUT, message);
            case AgentReply.Failure.NO_AVAILABLE_POOL -> new CniError.Spiderpool(SpiderpoolErrorKind.NO_IPPOOL_AVAILABLE, message);
            case AgentReply.Failure.IP_USED_OUT -> new CniError.Spiderpool(SpiderpoolErrorKind.IP_USED_OUT, message);
            case AgentReply.Failure.RETRIES_EXHAUSTED -> new CniError.Spiderpool(SpiderpoolErrorKind.RETRIES_EXHAUSTED, message);
            case AgentReply.Failure.NOT_READY -> new CniError.TryAgainLater("spiderpool-agent is not ready for this request",
                    message + "; the runtime retries, nothing needs changing if it is only starting up");
            case AgentReply.Failure.NOT_FOUND -> new CniError.Spiderpool(SpiderpoolErrorKind.NOT_RECORDED, message);
            case AgentReply.Failure.CONFLICT_RELEASE_DISABLED -> new CniError.Spiderpool(SpiderpoolErrorKind.CONFLICT_RELEASE_DISABLED, message);
            case AgentReply.Failure.CONFLICT_RELEASE_STATEFUL -> new CniError.Spiderpool(SpiderpoolErrorKind.CONFLICT_RELEASE_STATEFUL, message);
            case AgentReply.Failure.INTERNAL -> new CniError.Spiderpool(SpiderpoolErrorKind.AGENT_FAILURE, message);
            case AgentReply.Failure.UNKNOWN_METHOD -> new CniError.Spiderpool(SpiderpoolErrorKind.AGENT_FAILURE,
                    "spiderpool-agent does not serve " + method + " (" + message + "): the plugin and the agent are"
                            + " different versions; install matching versions");
            // a kind newer than this plugin: the agent is newer, its message still says what happened
            default -> new CniError.Spiderpool(SpiderpoolErrorKind.AGENT_FAILURE,
                    "failure kind " + failure.kind() + " unknown to this plugin: " + message);
        };
    }
}
