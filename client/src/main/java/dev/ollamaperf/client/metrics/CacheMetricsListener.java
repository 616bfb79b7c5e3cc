package dev.ollamaperf.client.metrics;

/**
 * What the response cache reports to the client's metrics: one call per lookup in one tier. Implementations are
 * thread-safe and cheap (called on the request path).
 */
public interface CacheMetricsListener {

    /** Tier name of the in-memory cache. */
    String MEMORY = "memory";
    /** Tier name of the SQLite cache. */
    String SQLITE = "sqlite";

    /** A listener that records nothing. */
    CacheMetricsListener NONE = (tier, hit) -> {};

    /**
     * One lookup.
     *
     * @param tier {@link #MEMORY}, {@link #SQLITE} or another short lower-case name
     * @param hit  true when the tier had the response
     */
    void onLookup(String tier, boolean hit);
}
