package dev.ollamaperf.client.cache;

/**
 * An immutable snapshot of one cache tier's counters and size. When each counter moves:
 * <ul>
 *   <li>{@code hits}: a lookup reached this tier and found a fresh entry.</li>
 *   <li>{@code misses}: a lookup reached this tier and found no fresh entry (absent, or expired).
 *       The SQLite tier is only reached after a memory miss, so for a two-tier cache
 *       {@code memory.misses == sqlite.hits + sqlite.misses} (while SQLite is available).</li>
 *   <li>{@code puts}: an entry was written to this tier (a new answer, or, for memory, a SQLite hit
 *       promoted into memory).</li>
 *   <li>{@code evictions}: an entry was removed to keep the tier within its size bound
 *       (least recently used first). Entries too large for the memory tier are counted here too,
 *       since they are dropped for the same reason.</li>
 *   <li>{@code expirations}: an entry older than the TTL was found by a lookup, or purged, and removed.</li>
 *   <li>{@code errors}: an operation on the tier failed (SQLite I/O, a lock not granted within the busy
 *       timeout, a corrupt row) and was treated as a miss or a skipped write; a failed update of a hit row's
 *       access time is counted too, though the hit is still served. Always 0 for memory.</li>
 * </ul>
 * {@code entries} and {@code bytes} are the size when the snapshot was taken (bytes: the memory
 * tier's weight estimate, or the SQLite rows' payload bytes).
 *
 * @param hits        lookups answered by this tier, 0 or more
 * @param misses      lookups this tier could not answer, 0 or more
 * @param puts        entries written, 0 or more
 * @param evictions   entries removed for size, 0 or more
 * @param expirations entries removed for age, 0 or more
 * @param errors      failed operations, 0 or more
 * @param entries     entries held now, 0 or more
 * @param bytes       bytes held now, 0 or more
 */
public record TierStats(
        long hits, long misses, long puts, long evictions, long expirations, long errors, long entries, long bytes) {

    /** Snapshot of a tier that holds nothing and was never used. */
    public static final TierStats EMPTY = new TierStats(0, 0, 0, 0, 0, 0, 0, 0);

    /** Checks that no count is negative. */
    public TierStats {
        requireNonNegative("hits", hits);
        requireNonNegative("misses", misses);
        requireNonNegative("puts", puts);
        requireNonNegative("evictions", evictions);
        requireNonNegative("expirations", expirations);
        requireNonNegative("errors", errors);
        requireNonNegative("entries", entries);
        requireNonNegative("bytes", bytes);
    }

    /** {@code hits / (hits + misses)}, or 0 when there was no lookup. */
    public double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("tier stats '" + name + "' must be 0 or more, got: " + value);
        }
    }
}
