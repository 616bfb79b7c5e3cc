package dev.ollamaperf.client.config;

/**
 * Token-bucket rate limit on calls: {@code ratePerSecond} tokens refill per second, up to {@code burst}. Off when
 * {@code ratePerSecond} is 0 (the default).
 *
 * @param ratePerSecond 0 (off) or a positive rate, at most 100000
 * @param burst         bucket size, 1–100000
 */
public record RateLimitSettings(double ratePerSecond, int burst) {

    /** No rate limit. */
    public static final RateLimitSettings OFF = new RateLimitSettings(0, 1);

    public RateLimitSettings {
        if (!(ratePerSecond >= 0 && ratePerSecond <= 100_000)) {
            throw new IllegalArgumentException("'" + ClientSettings.RATE_LIMIT
                    + "' must be between 0 (off) and 100000 per second, got: " + ratePerSecond);
        }
        if (burst < 1 || burst > 100_000) {
            throw new IllegalArgumentException(
                    "'" + ClientSettings.RATE_BURST + "' must be between 1 and 100000, got: " + burst);
        }
    }

    /** True when calls are limited. */
    public boolean enabled() {
        return ratePerSecond > 0;
    }
}
