package dev.ollamaperf.cli;

/** What a Ctrl-C does to the child that is running when it comes. */
public enum OnInterrupt {
    /**
     * Stop it at once: a target check, the JMH suite (JMH writes nothing until it ends, so waiting would buy
     * nothing), a confirmation rerun (its results would not be used), a foreground child.
     */
    STOP,
    /**
     * Let it finish (at most its duration), so what it measured is written and reported; a second Ctrl-C stops
     * it. The gate's load steps, and the measurements of {@code capacity} and {@code compare-models}.
     */
    FINISH;

    /** What the first Ctrl-C during a FINISH child of {@code perf <command>} prints. */
    public static String finishing(String command) {
        return "perf " + command + ": finishing the current load step so its results are kept (Ctrl-C again to abandon"
                + " it)";
    }
}
