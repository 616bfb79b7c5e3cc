package dev.ollamaperf.client.internal.fleet;

import dev.ollamaperf.client.config.FleetSettings;
import dev.ollamaperf.client.limit.Sleeper;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Takes failed nodes out and brings them back: a node is out from its failure until a health check
 * ({@code GET /api/version}) succeeds; checks are due after the backoff, which doubles with each failed check up to
 * the maximum ({@link FleetSettings#backoff}).
 *
 * <p>Implementation notes: {@link #probeDue()} is one pass over the nodes on the injected clock, so tests drive it
 * without waiting; {@link #start()} runs it on a daemon thread that sleeps through the injected {@link Sleeper}
 * between passes. Only the first failure of a node that is up takes it out (calls that were already on the wire and
 * fail too do not lengthen its backoff); each failed check lengthens it.
 */
final class HealthProber implements AutoCloseable {

    private final List<Node> nodes;
    private final FleetSettings settings;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final Predicate<Node> check;
    private final long tickNanos;
    private volatile boolean closed;
    private Thread thread; // guarded by this

    /**
     * @param check the health check of one node: true when it answered
     */
    HealthProber(
            List<Node> nodes, FleetSettings settings, LongSupplier nanoClock, Sleeper sleeper, Predicate<Node> check) {
        this.nodes = List.copyOf(nodes);
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.check = check;
        // a pass at least every initial backoff (at most 250 ms), so a due check waits little beyond its time
        this.tickNanos = Math.min(settings.backoffInitial().toNanos(), 250_000_000L);
    }

    /** Takes {@code node} out if it is up; returns true when this call took it out. */
    boolean markFailed(Node node) {
        synchronized (node) {
            if (!node.health.up()) {
                return false;
            }
            node.health = node.health.failed(nanoClock.getAsLong(), settings);
        }
        return true;
    }

    /** Checks every node that is out and due; returns how many came back. */
    int probeDue() {
        int back = 0;
        for (Node node : nodes) {
            if (!node.health.probeDue(nanoClock.getAsLong())) {
                continue;
            }
            boolean ok = check.test(node);
            synchronized (node) {
                node.health = ok ? NodeHealth.UP : node.health.failed(nanoClock.getAsLong(), settings);
            }
            if (ok) {
                back++;
            }
        }
        return back;
    }

    /** Starts the background checks (once; later calls do nothing). */
    synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        thread = new Thread(this::run, "ollama-fleet-health");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!closed) {
            try {
                probeDue();
                sleeper.sleepNanos(tickNanos);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // checks catch their own failures; anything else must not end the checks of every node
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
