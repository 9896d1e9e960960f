package io.spidernet.spiderpool.it;

import java.util.concurrent.TimeUnit;

/** How the tests end an app process they started: SIGTERM, 20 s for its shutdown, then SIGKILL. */
final class Processes {
    private Processes() {}

    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
