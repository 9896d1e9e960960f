package io.spidernet.spiderpool.core.cni;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One invocation's CNI_* environment, checked as the spec asks: the variables the verb requires
 * must be set and non-empty, the container ID and interface name must be well-formed, and
 * CNI_ARGS must parse. Every failure is code 4 and names the variable. The environment comes in
 * as a map so that core never reads the process environment itself.
 *
 * @param netns CNI_NETNS, "" if absent (DEL may come after the namespace is gone)
 * @param args CNI_ARGS parsed, {@link CniArgs#EMPTY} for verbs without an attachment
 * @param path CNI_PATH as given, "" if absent
 */
public record CniRequest(CniCommand command, String containerId, String netns, String ifName, CniArgs args,
        String path) {

    public static final String COMMAND = "CNI_COMMAND";
    public static final String CONTAINER_ID = "CNI_CONTAINERID";
    public static final String NETNS = "CNI_NETNS";
    public static final String IFNAME = "CNI_IFNAME";
    public static final String ARGS = "CNI_ARGS";
    public static final String PATH = "CNI_PATH";

    public static CniRequest fromEnv(Map<String, String> env) {
        CniCommand command = command(env.get(COMMAND));
        requirePresent(command, env);
        String containerId = value(env, CONTAINER_ID);
        if (!containerId.isEmpty() && !CniNames.isValidName(containerId)) {
            throw new CniError.InvalidEnvironment(CONTAINER_ID + " \"" + containerId + "\" has invalid characters",
                    "a container ID must be " + CniNames.NAME_RULE);
        }
        String ifName = value(env, IFNAME);
        String ifProblem = ifName.isEmpty() ? null : CniNames.interfaceNameProblem(ifName);
        if (ifProblem != null) {
            throw new CniError.InvalidEnvironment(IFNAME + " \"" + ifName + "\" is not a valid interface name: "
                    + ifProblem, "use at most 15 bytes without '/', ':' or whitespace, e.g. eth0 or net1");
        }
        CniArgs args = command.takesArgs() ? CniArgs.parse(value(env, ARGS)) : CniArgs.EMPTY;
        return new CniRequest(command, containerId, value(env, NETNS), ifName, args, value(env, PATH));
    }

    private static CniCommand command(String name) {
        if (name == null || name.isEmpty()) {
            throw new CniError.InvalidEnvironment("required environment variable " + COMMAND + " is not set",
                    "this is a CNI plugin: the container runtime runs it with " + COMMAND + " set to one of "
                            + commandNames());
        }
        CniCommand command = CniCommand.find(name);
        if (command == null) {
            throw new CniError.InvalidEnvironment(COMMAND + " \"" + name + "\" is not a CNI command",
                    "set " + COMMAND + " to one of " + commandNames() + " (upper case)");
        }
        return command;
    }

    private static void requirePresent(CniCommand command, Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        for (String name : command.requiredVariables()) {
            if (value(env, name).isEmpty()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            String names = String.join(", ", missing);
            throw new CniError.InvalidEnvironment(
                    "required environment variable" + (missing.size() > 1 ? "s " : " ") + names + " missing for "
                            + COMMAND + "=" + command,
                    "the container runtime must set " + names + " (an empty value counts as missing)");
        }
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null ? "" : v;
    }

    private static String commandNames() {
        List<String> names = new ArrayList<>();
        for (CniCommand c : CniCommand.values()) {
            names.add(c.name());
        }
        return String.join(", ", names);
    }
}
