package dev.ollamaperf.cli;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM of this JVM, through {@code sun.misc.Signal} (module jdk.unsupported, exported for this
 * use): once a handler is registered the JVM no longer exits on them, so {@code perf} can let a load step
 * finish and still report. Commands that register nothing keep the JVM's default: Ctrl-C ends them.
 *
 * <p>A JVM started with SIGINT ignored (a background job of a non-interactive shell) cannot register it:
 * the JVM keeps such a signal ignored. Then Ctrl-C does nothing, as it did to that shell.
 */
public final class JvmSignals implements SignalSource {

    @Override
    public void onInterrupt(Runnable handler) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> handler.run());
            } catch (IllegalArgumentException e) {
                // The signal is reserved (e.g. -Xrs) on this JVM: keep its default.
            }
        }
    }
}
