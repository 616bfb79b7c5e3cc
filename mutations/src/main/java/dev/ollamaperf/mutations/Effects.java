package dev.ollamaperf.mutations;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the woven advice calls: public, because the advice runs inside the integration's classes (other packages),
 * which see this class through the system class loader the agent jar is on.
 *
 * <p>Implementation notes: the static state here is the mutations themselves (a leak is a static list, a
 * {@code synchronized} cache one global lock); the agent exists to inject exactly such state
 * (docs/style.md #9 is about the harness's own code).
 */
public final class Effects {

    /** Published to, so the JIT cannot prove an allocation dead and remove it (escape analysis). */
    @SuppressWarnings("unused") // written, never read: its being volatile is what keeps the allocation
    private static volatile Object sink;

    private static final Queue<byte[]> LEAKED = new ConcurrentLinkedQueue<>();
    private static final ReentrantLock GLOBAL = new ReentrantLock();

    private Effects() {}

    /**
     * Waits {@code nanos} without using the CPU. Parking, not a busy wait: the gate runs the integration, the
     * emulator and the load generator on the same cores, and a spinning thread would also slow the direct path
     * that the paired measurement subtracts. Parks again after an early return; on Linux each park overshoots by
     * the timer slack (about 50 us), so the delay is at least {@code nanos}.
     */
    public static void pause(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Allocates {@code bytes} and drops them (at the next call). */
    public static void allocate(long bytes) {
        sink = new byte[(int) bytes];
    }

    /** Allocates {@code bytes} and keeps them for the life of the JVM. */
    public static void leak(long bytes) {
        LEAKED.add(new byte[(int) bytes]);
    }

    /** Takes the one lock every cache read and write of the mutated JVM shares. */
    public static void lockGlobally() {
        GLOBAL.lock();
    }

    /** Releases {@link #lockGlobally()}'s lock. */
    public static void unlockGlobally() {
        GLOBAL.unlock();
    }

    static void publish(Object value) {
        sink = value;
    }
}
