package dev.ollamaperf.client.internal.fleet;

import dev.ollamaperf.client.config.FleetSettings;

/**
 * Whether a node takes calls: up, or out after a failure until a health check succeeds.
 *
 * @param up             true when the node takes calls
 * @param failures       failures in a row (the failed call, then each failed health check); 0 when up
 * @param nextProbeNanos when (on the fleet's nano clock) the next health check is due; meaningless when up
 */
record NodeHealth(boolean up, int failures, long nextProbeNanos) {

    static final NodeHealth UP = new NodeHealth(true, 0, 0);

    NodeHealth {
        if (failures < 0) {
            throw new IllegalArgumentException("failures must be >= 0, got: " + failures);
        }
    }

    /** The state after one more failure at {@code now}: out, the next check after the doubled backoff. */
    NodeHealth failed(long now, FleetSettings settings) {
        int n = failures + 1;
        return new NodeHealth(false, n, now + settings.backoff(n).toNanos());
    }

    /** True when the node is out and its health check is due at {@code now}. */
    boolean probeDue(long now) {
        return !up && now - nextProbeNanos >= 0;
    }
}
