package dev.ollamaperf.cli;

/** Where Ctrl-C comes from: {@link JvmSignals} in {@code perf}; tests call {@link Interrupts#signal()} instead. */
public interface SignalSource {

    /** Calls {@code handler} on each Ctrl-C (SIGINT) or SIGTERM from now on, instead of ending the JVM. */
    void onInterrupt(Runnable handler);
}
