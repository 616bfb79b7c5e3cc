package dev.ollamaperf.cli;

/** What a {@link FakeChild} does instead of a process; returns its exit status. */
@FunctionalInterface
interface FakeScript {

    int run(FakeChild child) throws Exception;

    /**
     * A child that does its job: the target check says the target is ready, JMH writes results.json, a load
     * scenario writes its metrics file, a foreground child just ends; each exits 0.
     */
    static FakeScript healthy() {
        return child -> {
            child.writeResults();
            return 0;
        };
    }

    /** Prints {@code lines} (to the log and the line listener), then exits {@code status}. */
    static FakeScript failing(int status, String... lines) {
        return child -> {
            for (String line : lines) {
                child.print(line);
            }
            return status;
        };
    }

    /** Runs until stopped (a long JMH suite, a target that never answers); exits 143 as a JVM does on SIGTERM. */
    static FakeScript untilStopped() {
        return FakeChild::runUntilStopped;
    }

    /** Ctrl-C arrives while this child runs ({@code interrupts.signal()}), then {@code then} runs. */
    static FakeScript ctrlC(Interrupts interrupts, FakeScript then) {
        return child -> {
            interrupts.signal();
            return then.run(child);
        };
    }

    /** Ctrl-C twice while this child runs, then {@code then} runs. */
    static FakeScript ctrlCTwice(Interrupts interrupts, FakeScript then) {
        return child -> {
            interrupts.signal();
            interrupts.signal();
            return then.run(child);
        };
    }

    /** Does what a healthy child does unless it was stopped meanwhile (then writes nothing, exits 143). */
    static FakeScript healthyUnlessStopped() {
        return child -> {
            if (child.stopped()) {
                return 143;
            }
            child.writeResults();
            return 0;
        };
    }
}
