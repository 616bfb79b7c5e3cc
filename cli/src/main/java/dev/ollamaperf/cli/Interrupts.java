package dev.ollamaperf.cli;

import java.io.PrintStream;
import java.util.Objects;

/**
 * Ctrl-C while {@code perf} runs children: counts the interrupts and applies the running child's
 * {@link OnInterrupt} policy to it.
 *
 * <p>Implementation notes. {@link #signal()} runs on the JVM's signal thread while the command's thread
 * is blocked in {@link #await}; both hold this object's monitor only briefly, never while waiting for the
 * child. The rules, as {@code scripts/perf} had them: a STOP child is stopped at every Ctrl-C; a FINISH
 * child is told nothing on the first Ctrl-C of the run (a message says it is being finished) and is
 * stopped on any later one. A Ctrl-C between children only counts: the command checks
 * {@link #interrupted()} before it starts the next step, and a child started after it is stopped at once
 * if its policy is STOP. Until {@link #listen()} nothing is intercepted and Ctrl-C ends the JVM.
 */
public final class Interrupts {

    private final SignalSource signals;
    private final PrintStream err;
    private int count;
    private Child running;
    private OnInterrupt policy;
    private String finishing;

    /**
     * @param signals where Ctrl-C comes from
     * @param err where the "finishing the current load step" message goes
     */
    public Interrupts(SignalSource signals, PrintStream err) {
        this.signals = Objects.requireNonNull(signals, "signals");
        this.err = Objects.requireNonNull(err, "err");
    }

    /** From now on, Ctrl-C and SIGTERM come to {@link #signal()} instead of ending the JVM. */
    public void listen() {
        signals.onInterrupt(this::signal);
    }

    /** One Ctrl-C: applies the running child's policy to it, or just counts when none runs. */
    public synchronized void signal() {
        count++;
        if (running == null) {
            return;
        }
        if (policy == OnInterrupt.FINISH && count == 1) {
            err.println(finishing);
            err.flush();
        } else {
            running.stop();
        }
    }

    /** Returns whether a Ctrl-C came since this object was made. */
    public synchronized boolean interrupted() {
        return count > 0;
    }

    /**
     * Waits for {@code child} under {@code policy}.
     *
     * @param finishing for a FINISH child, what the first Ctrl-C prints, e.g. {@code perf gate: finishing the
     *     current load step so its results are kept (Ctrl-C again to abandon it)}
     * @return the child's exit status
     */
    public int await(Child child, OnInterrupt policy, String finishing) throws InterruptedException {
        synchronized (this) {
            running = Objects.requireNonNull(child, "child");
            this.policy = Objects.requireNonNull(policy, "policy");
            this.finishing = finishing;
            if (count > 0 && policy == OnInterrupt.STOP) {
                child.stop();
            }
        }
        try {
            return child.waitFor();
        } finally {
            synchronized (this) {
                running = null;
            }
        }
    }
}
