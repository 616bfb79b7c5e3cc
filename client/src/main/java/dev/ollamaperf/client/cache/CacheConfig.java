package dev.ollamaperf.client.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The response cache's settings. Read them from the environment with
 * {@link CacheEnvironment#fromEnvironment}; every setting has its variable name and default here.
 *
 * @param enabled     whether to cache at all ({@code OLLAMA_CACHE_ENABLED}, default true)
 * @param path        the SQLite file ({@code OLLAMA_CACHE_PATH}, default
 *                    {@code ~/.cache/ollama-perf/responses.db}); its folder is created if missing
 * @param memoryBytes the memory tier's bound, 0 (no memory tier) to 16 GiB
 *                    ({@code OLLAMA_CACHE_MEMORY_BYTES}, default 64 MiB)
 * @param maxDbBytes  the SQLite payload bound (bodies and chunks; the file is somewhat larger),
 *                    64 KiB to 1 TiB ({@code OLLAMA_CACHE_MAX_DB_BYTES}, default 1 GiB)
 * @param ttl         how long an answer is served after it was stored, 1 s to 3650 days
 *                    ({@code OLLAMA_CACHE_TTL}, default 24 h)
 * @param policy      which requests are cached ({@code OLLAMA_CACHE_POLICY}, default deterministic)
 * @param busyTimeout how long a write waits for another process's lock on the file, 0 to 10 min
 *                    ({@code OLLAMA_CACHE_BUSY_TIMEOUT}, default 5 s)
 */
public record CacheConfig(
        boolean enabled,
        Path path,
        long memoryBytes,
        long maxDbBytes,
        Duration ttl,
        CachePolicy.Mode policy,
        Duration busyTimeout) {

    public static final String ENABLED = "OLLAMA_CACHE_ENABLED";
    public static final String PATH = "OLLAMA_CACHE_PATH";
    public static final String MEMORY_BYTES = "OLLAMA_CACHE_MEMORY_BYTES";
    public static final String MAX_DB_BYTES = "OLLAMA_CACHE_MAX_DB_BYTES";
    public static final String TTL = "OLLAMA_CACHE_TTL";
    public static final String POLICY = "OLLAMA_CACHE_POLICY";
    public static final String BUSY_TIMEOUT = "OLLAMA_CACHE_BUSY_TIMEOUT";

    public static final boolean DEFAULT_ENABLED = true;
    /** Relative to the user's home folder. */
    public static final String DEFAULT_PATH = ".cache/ollama-perf/responses.db";

    public static final long DEFAULT_MEMORY_BYTES = 64L << 20;
    public static final long DEFAULT_MAX_DB_BYTES = 1L << 30;
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    public static final CachePolicy.Mode DEFAULT_POLICY = CachePolicy.Mode.DETERMINISTIC_ONLY;
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    static final long MAX_MEMORY_BYTES = 16L << 30;
    static final long MIN_DB_BYTES = 64L << 10;
    static final long MAX_DB_BYTES_LIMIT = 1L << 40;
    static final Duration MIN_TTL = Duration.ofSeconds(1);
    static final Duration MAX_TTL = Duration.ofDays(3650);
    static final Duration MAX_BUSY_TIMEOUT = Duration.ofMinutes(10);

    /** Checks references and ranges; messages name the variable, the rule and the value. */
    public CacheConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        checkRange(MEMORY_BYTES, memoryBytes, 0, MAX_MEMORY_BYTES);
        checkRange(MAX_DB_BYTES, maxDbBytes, MIN_DB_BYTES, MAX_DB_BYTES_LIMIT);
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException(
                    "'" + TTL + "' must be between " + MIN_TTL + " and " + MAX_TTL + ", got: " + ttl);
        }
        if (busyTimeout.isNegative() || busyTimeout.compareTo(MAX_BUSY_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "'" + BUSY_TIMEOUT + "' must be between PT0S and " + MAX_BUSY_TIMEOUT + ", got: " + busyTimeout);
        }
    }

    /** The defaults, with the file under {@code home}. */
    public static CacheConfig defaults(Path home) {
        return new CacheConfig(
                DEFAULT_ENABLED,
                home.resolve(DEFAULT_PATH),
                DEFAULT_MEMORY_BYTES,
                DEFAULT_MAX_DB_BYTES,
                DEFAULT_TTL,
                DEFAULT_POLICY,
                DEFAULT_BUSY_TIMEOUT);
    }

    /**
     * No cache: {@code ResponseCache.open} gives a no-op cache and {@code OllamaClient} uses none. The path (the
     * default one, relative) is never opened.
     */
    public static CacheConfig disabled() {
        return new CacheConfig(
                false,
                Path.of(DEFAULT_PATH),
                DEFAULT_MEMORY_BYTES,
                DEFAULT_MAX_DB_BYTES,
                DEFAULT_TTL,
                DEFAULT_POLICY,
                DEFAULT_BUSY_TIMEOUT);
    }

    /** The defaults with the file at {@code path}, enabled: handy for tests and embedding. */
    public static CacheConfig at(Path path) {
        return new CacheConfig(
                DEFAULT_ENABLED,
                path,
                DEFAULT_MEMORY_BYTES,
                DEFAULT_MAX_DB_BYTES,
                DEFAULT_TTL,
                DEFAULT_POLICY,
                DEFAULT_BUSY_TIMEOUT);
    }

    /** This config with another memory bound. */
    public CacheConfig withMemoryBytes(long bytes) {
        return new CacheConfig(enabled, path, bytes, maxDbBytes, ttl, policy, busyTimeout);
    }

    /** This config with another SQLite bound. */
    public CacheConfig withMaxDbBytes(long bytes) {
        return new CacheConfig(enabled, path, memoryBytes, bytes, ttl, policy, busyTimeout);
    }

    /** This config with another TTL. */
    public CacheConfig withTtl(Duration value) {
        return new CacheConfig(enabled, path, memoryBytes, maxDbBytes, value, policy, busyTimeout);
    }

    /** This config with another policy. */
    public CacheConfig withPolicy(CachePolicy.Mode value) {
        return new CacheConfig(enabled, path, memoryBytes, maxDbBytes, ttl, value, busyTimeout);
    }

    /** This config switched on or off. */
    public CacheConfig withEnabled(boolean value) {
        return new CacheConfig(value, path, memoryBytes, maxDbBytes, ttl, policy, busyTimeout);
    }

    /** The policy object these settings describe. */
    public CachePolicy cachePolicy() {
        return new CachePolicy(policy, ttl);
    }

    private static void checkRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "'" + name + "' must be between " + min + " and " + max + " bytes, got: " + value);
        }
    }
}
