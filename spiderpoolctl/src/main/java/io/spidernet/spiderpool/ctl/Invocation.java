package io.spidernet.spiderpool.ctl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One parsed command line: the command, its operand, and the options given ({@code --name value},
 * {@code --name=value}, {@code -o value}). Anything it cannot place is a usage error naming it.
 */
public record Invocation(Command command, String operand, Map<String, List<String>> options) {
    /** Options that take a value; the others listed in {@link Command} are flags. */
    static final Set<String> VALUED = Set.of("output", "kubeconfig", "context", "controller", "controller-ca", "tls-server-name",
            "timeout", "pool", "nic", "default-ipv4-pool", "default-ipv6-pool", "agent-socket");
    /** Options that take no value. */
    static final Set<String> FLAGS = Set.of("releases-only", "per-node");
    /** Options that may be given more than once. */
    private static final Set<String> REPEATABLE = Set.of("pool", "default-ipv4-pool", "default-ipv6-pool");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    /** Bounds what one command line may carry: a script gone wrong fails at once, not later. */
    private static final int MAX_ARGS = 256;
    private static final int MAX_ARG_CHARS = 4096;

    public Invocation {
        options = Map.copyOf(options);
    }

    public static Invocation parse(List<String> args) {
        if (args.size() > MAX_ARGS) {
            throw CtlException.usage(args.size() + " arguments: at most " + MAX_ARGS);
        }
        List<String> words = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.length() > MAX_ARG_CHARS) {
                throw CtlException.usage("argument " + (i + 1) + " is " + arg.length() + " characters long: at most " + MAX_ARG_CHARS);
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                words.add(arg);
                continue;
            }
            String name;
            String value = null;
            if (arg.equals("-o")) {
                name = "output";
            } else if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                value = eq < 0 ? null : arg.substring(eq + 1);
            } else {
                throw CtlException.usage("unknown option " + arg + "; see spiderpoolctl --help");
            }
            if (VALUED.contains(name) && value == null) {
                if (i + 1 >= args.size()) {
                    throw CtlException.usage("option --" + name + " needs a value");
                }
                value = args.get(++i);
            } else if (!VALUED.contains(name) && value != null) {
                throw CtlException.usage("option --" + name + " takes no value");
            }
            List<String> values = options.computeIfAbsent(name, k -> new ArrayList<>());
            if (!values.isEmpty() && !REPEATABLE.contains(name)) {
                throw CtlException.usage("option --" + name + " given twice");
            }
            values.add(value == null ? "" : value);
        }
        Command command = Command.named(words).orElseThrow(() -> CtlException.usage(words.isEmpty()
                ? "no command; see spiderpoolctl --help"
                : "unknown command '" + String.join(" ", words) + "'; commands: " + commandList()));
        List<String> rest = words.subList(command.words().size(), words.size());
        int wanted = command.operand() == null ? 0 : 1;
        if (rest.size() != wanted) {
            throw CtlException.usage(wanted == 0 ? command.usage() + " takes no operand, got '" + String.join(" ", rest) + "'"
                    : "usage: " + command.usage());
        }
        for (String name : options.keySet()) {
            if (!command.accepts(name)) {
                throw CtlException.usage((VALUED.contains(name) || Command.CONNECTION.contains(name) || FLAGS.contains(name)
                        ? "option --" + name + " does not apply to " + String.join(" ", command.words())
                        : "unknown option --" + name) + "; see spiderpoolctl --help");
            }
        }
        Invocation parsed = new Invocation(command, wanted == 0 ? null : rest.getFirst(), options);
        parsed.output();
        parsed.timeout();
        return parsed;
    }

    private static String commandList() {
        List<String> names = new ArrayList<>();
        for (Command c : Command.values()) {
            names.add(String.join(" ", c.words()));
        }
        return String.join(", ", names);
    }

    public Optional<String> option(String name) {
        List<String> values = options.get(name);
        return values == null ? Optional.empty() : Optional.of(values.getFirst());
    }

    public List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public Output.Format output() {
        return Output.Format.parse(option("output").orElse("table"));
    }

    /** {@code --timeout} as 30s, 2m or plain seconds; every call of the command must end within it. */
    public Duration timeout() {
        Optional<String> given = option("timeout");
        if (given.isEmpty()) {
            return DEFAULT_TIMEOUT;
        }
        String t = given.get();
        Duration d;
        try {
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t));
            }
        } catch (NumberFormatException e) {
            throw CtlException.usage("--timeout " + t + ": give a duration such as 30s, 2m or 500ms");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
            throw CtlException.usage("--timeout " + t + ": must be more than 0 and at most 10m");
        }
        return d;
    }

    /** {@code NAMESPACE/POD} split, or a usage error saying the form. */
    public String[] podRef() {
        String[] parts = operand.split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw CtlException.usage("'" + operand + "' is not NAMESPACE/POD, e.g. default/nginx-5d8f7c-abcde");
        }
        return parts;
    }
}
