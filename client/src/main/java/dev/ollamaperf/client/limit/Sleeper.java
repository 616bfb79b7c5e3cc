package dev.ollamaperf.client.limit;

/** Waits; injected so tests with a fake clock can advance the clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps {@code nanos} (> 0). */
    void sleepNanos(long nanos) throws InterruptedException;

    /** The real thing: {@link Thread#sleep(long, int)}. */
    static Sleeper system() {
        return nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
}
