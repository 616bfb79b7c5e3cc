package dev.ollamaperf.client.cache;

import dev.ollamaperf.client.internal.cache.RequestCanonicalizer;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The key of one cached response: the lower-case hex SHA-256 of the canonical request bytes
 * (see {@link RequestCanonicalizer}).
 *
 * @param hex 64 lower-case hex digits
 */
public record CacheKey(String hex) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** Validates that {@code hex} is 64 lower-case hex digits. */
    public CacheKey {
        Objects.requireNonNull(hex, "hex");
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException(
                    "cache key must be 64 lower-case hex digits (SHA-256), got: '" + hex + "'");
        }
    }

    @Override
    public String toString() {
        return hex;
    }
}
