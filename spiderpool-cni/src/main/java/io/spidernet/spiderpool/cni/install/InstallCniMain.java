package io.spidernet.spiderpool.cni.install;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;

/**
 * {@code install-cni}: the agent image's init container puts the spiderpool, coordinator and
 * ifacer plugins into the host's CNI bin directory with it (see {@link InstallOptions#USAGE}).
 * A separate main in the plugins' module: it shares their jars but none of their start-up path
 * (the plugins' AOT caches never load these classes), and uses nothing but the JDK and core's
 * JSON reader. Exit status: 0 installed or already current, 1 error, 2 bad command line.
 */
public final class InstallCniMain {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_COMMAND_LINE = 2;

    private InstallCniMain() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), new CniInstaller(InstallLimits.DEFAULT, Clock.systemUTC(), TreeRules.PLUGINS),
                System.out, System.err));
    }

    public static int run(List<String> args, CniInstaller installer, PrintStream out, PrintStream err) {
        if (InstallOptions.wantsHelp(args)) {
            out.println(InstallOptions.USAGE);
            return OK;
        }
        InstallOptions options;
        try {
            options = InstallOptions.parse(args);
        } catch (BadCommandLine e) {
            err.println("install-cni: " + e.getMessage());
            err.println(InstallOptions.USAGE);
            return BAD_COMMAND_LINE;
        }
        try {
            for (String line : installer.install(options)) {
                out.println("install-cni: " + line);
            }
            return OK;
        } catch (InstallFailure e) {
            err.println("install-cni: " + e.getMessage());
            return FAILED;
        }
    }
}
