package dev.ollamaperf.client.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client spreads calls over several Ollama nodes ({@code OLLAMA_ENDPOINTS}); ignored with one node.
 *
 * @param maxConcurrentTotal calls in flight over the whole fleet, 1–1000, or 0 for the default: the number of nodes
 *                           times {@code OLLAMA_MAX_CONCURRENT} (the per-node limit), at most 1000
 * @param modelsTtl          how long a node's {@code /api/ps} answer is trusted before it is asked again, > 0
 * @param backoffInitial     how long a failed node stays out before its first health check, > 0
 * @param backoffMax         the cap on that wait, which doubles with every failed health check, >= backoffInitial
 */
public record FleetSettings(int maxConcurrentTotal, Duration modelsTtl, Duration backoffInitial, Duration backoffMax) {

    /** The defaults of the README's table. */
    public static final FleetSettings DEFAULTS = new FleetSettings(
            ClientSettings.DEFAULT_MAX_CONCURRENT_TOTAL,
            ClientSettings.DEFAULT_FLEET_MODELS_TTL,
            ClientSettings.DEFAULT_FLEET_BACKOFF_INITIAL,
            ClientSettings.DEFAULT_FLEET_BACKOFF_MAX);

    public FleetSettings {
        if (maxConcurrentTotal != 0) {
            ClientSettings.checkRange(ClientSettings.MAX_CONCURRENT_TOTAL, maxConcurrentTotal, 1, 1000);
        }
        positive(ClientSettings.FLEET_MODELS_TTL, modelsTtl);
        positive(ClientSettings.FLEET_BACKOFF_INITIAL, backoffInitial);
        Objects.requireNonNull(backoffMax, ClientSettings.FLEET_BACKOFF_MAX);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("'" + ClientSettings.FLEET_BACKOFF_MAX + "' must be >= '"
                    + ClientSettings.FLEET_BACKOFF_INITIAL + "' (" + backoffInitial + "), got: " + backoffMax);
        }
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("'" + name + "' must be > 0, got: " + d);
        }
    }

    /** The fleet-wide limit for {@code nodes} nodes of {@code perNode} permits each. */
    public int totalLimit(int nodes, int perNode) {
        return maxConcurrentTotal != 0 ? maxConcurrentTotal : (int) Math.min(1000L, (long) nodes * perNode);
    }

    /** How long a node stays out after {@code failures} (>= 1) failures in a row: doubling, capped. */
    public Duration backoff(int failures) {
        Duration d = backoffInitial;
        for (int i = 1; i < failures && d.compareTo(backoffMax) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(backoffMax) > 0 ? backoffMax : d;
    }
}
