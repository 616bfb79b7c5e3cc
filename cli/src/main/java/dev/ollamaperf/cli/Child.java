package dev.ollamaperf.cli;

/** A started {@link ChildSpec}. */
public interface Child {

    /**
     * Waits for the child to end; for a detached child, also until its output is in the log.
     *
     * @return its exit status (128 + the signal when a signal ended it)
     */
    int waitFor() throws InterruptedException;

    /** Asks the child and everything it started to end now (SIGTERM: a JVM runs its shutdown hooks). */
    void stop();
}
