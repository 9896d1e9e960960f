package io.spidernet.spiderpool.controller.leader;

/**
 * Work only the lease holder does (reconcilers, garbage collection). Started once when this replica
 * becomes leader; a replica that loses the lease exits rather than stopping duties, so no duty ever
 * runs twice in one process or alongside a newer leader's.
 */
public interface LeaderDuty {

    /** Starts the duty; must return promptly (long work goes on the duty's own threads). */
    void start();

    /** A name for logs. */
    String name();
}
