package dev.ollamaperf.load.protocol;

/**
 * Chooses the node of a fleet each request goes to: the one with the fewest requests outstanding, ties broken
 * round-robin (from the node after the last one chosen), so a fleet of equal nodes gets equal shares and one that
 * answers slower gets fewer. No loaded-model preference, unlike the client's {@code Fleet} (docs/fleets.md): the
 * harness measures the fleet, and its warm-up loads the models on every node (round-robin over idle nodes).
 *
 * <p>Thread-safe: requests start and end on many threads; one lock over a few ints costs far less than a request.
 */
public final class NodePicker {

    private final int[] outstanding;
    private int next;

    /** A picker over {@code nodes} nodes, none busy. */
    public NodePicker(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("'nodes' must be at least 1, got: " + nodes);
        }
        this.outstanding = new int[nodes];
    }

    /** The node the next request goes to (counted as outstanding until {@link #release}). */
    public synchronized int acquire() {
        int best = next;
        for (int k = 1; k < outstanding.length; k++) {
            int i = (next + k) % outstanding.length;
            if (outstanding[i] < outstanding[best]) {
                best = i;
            }
        }
        outstanding[best]++;
        next = (best + 1) % outstanding.length;
        return best;
    }

    /** A request to {@code node} ended. */
    public synchronized void release(int node) {
        if (outstanding[node] <= 0) {
            throw new IllegalStateException("node " + node + " has no request outstanding");
        }
        outstanding[node]--;
    }

    /** Requests outstanding on {@code node} now. */
    public synchronized int outstanding(int node) {
        return outstanding[node];
    }
}
