package io.spidernet.spiderpool.ctl;

/** What a script can tell apart from spiderpoolctl's exit status; docs/spiderpoolctl.md lists them. */
public enum ExitCode {
    OK(0, "success"),
    SERVER(1, "the controller, agent or API server answered with an error"),
    USAGE(2, "the command line or the kubeconfig is wrong; nothing was asked"),
    NOT_FOUND(3, "the pod, endpoint or pool named does not exist"),
    DENIED(4, "not authenticated, or RBAC refuses the call"),
    UNREACHABLE(5, "the controller, agent or API server could not be reached, or did not answer in time");

    private final int status;
    private final String meaning;

    ExitCode(int status, String meaning) {
        this.status = status;
        this.meaning = meaning;
    }

    public int status() {
        return status;
    }

    public String meaning() {
        return meaning;
    }
}
