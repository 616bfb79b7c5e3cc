package dev.ollamaperf.client.config;

import dev.ollamaperf.client.api.GoDuration;
import dev.ollamaperf.client.cache.CacheConfig;
import dev.ollamaperf.client.cache.CacheEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the client: one name constant, one default constant, one parser each (docs/style.md #6). The
 * README's configuration table lists the same names and defaults. Durations are Go-style strings ({@code 30s},
 * {@code 500ms}, {@code 2m}); lists are comma-separated. The cache's variables are read by {@link CacheEnvironment}.
 */
public final class ClientSettings {

    public static final String ENDPOINT = "OLLAMA_ENDPOINT";
    public static final String HOST = "OLLAMA_HOST";
    public static final String DEFAULT_ENDPOINT = "http://localhost:11434";

    /** Several nodes, comma-separated; when set it wins over {@link #ENDPOINT} and {@link #HOST}. */
    public static final String ENDPOINTS = "OLLAMA_ENDPOINTS";
    /** The most nodes {@link #ENDPOINTS} may list. */
    public static final int MAX_NODES = 64;

    /** The fleet-wide limit; 0 = nodes × {@link #MAX_CONCURRENT}, at most 1000. */
    public static final String MAX_CONCURRENT_TOTAL = "OLLAMA_MAX_CONCURRENT_TOTAL";

    public static final int DEFAULT_MAX_CONCURRENT_TOTAL = 0;

    public static final String FLEET_MODELS_TTL = "OLLAMA_FLEET_MODELS_TTL";
    public static final Duration DEFAULT_FLEET_MODELS_TTL = Duration.ofSeconds(2);

    public static final String FLEET_BACKOFF_INITIAL = "OLLAMA_FLEET_BACKOFF_INITIAL";
    public static final Duration DEFAULT_FLEET_BACKOFF_INITIAL = Duration.ofSeconds(1);

    public static final String FLEET_BACKOFF_MAX = "OLLAMA_FLEET_BACKOFF_MAX";
    public static final Duration DEFAULT_FLEET_BACKOFF_MAX = Duration.ofSeconds(30);

    public static final String DEFAULT_MODEL = "OLLAMA_DEFAULT_MODEL";
    public static final String DEFAULT_DEFAULT_MODEL = "llama3.2:latest";

    public static final String MAX_CONCURRENT = "OLLAMA_MAX_CONCURRENT";
    public static final int DEFAULT_MAX_CONCURRENT = 5;

    /** The cache's settings ({@code OLLAMA_CACHE_*}): names, defaults and parsers are in {@link CacheConfig}. */
    public static final String CACHE_ENABLED = CacheConfig.ENABLED;

    public static final String CACHE_PATH = CacheConfig.PATH;

    public static final String MODELS_PATH = "OLLAMA_MODELS_PATH";

    public static final String CONNECT_TIMEOUT = "OLLAMA_CONNECT_TIMEOUT";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public static final String READ_TIMEOUT = "OLLAMA_READ_TIMEOUT";
    /** Also the longest silence allowed between two streamed chunks (and before the first, which includes a load). */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(5);

    public static final String CALL_TIMEOUT = "OLLAMA_CALL_TIMEOUT";
    /** 0 = no limit on a whole call (streams may legitimately take minutes). */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ZERO;

    public static final String LIMITER_WAIT = "OLLAMA_LIMITER_WAIT";
    public static final Duration DEFAULT_LIMITER_WAIT = Duration.ofSeconds(60);

    public static final String RETRY_MAX_ATTEMPTS = "OLLAMA_RETRY_MAX_ATTEMPTS";
    public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 3;

    public static final String RETRY_INITIAL_BACKOFF = "OLLAMA_RETRY_INITIAL_BACKOFF";
    public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(200);

    public static final String RETRY_MAX_BACKOFF = "OLLAMA_RETRY_MAX_BACKOFF";
    public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(5);

    public static final String RETRY_BUDGET = "OLLAMA_RETRY_BUDGET";
    public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofSeconds(30);

    public static final String RATE_LIMIT = "OLLAMA_RATE_LIMIT";
    public static final double DEFAULT_RATE_LIMIT = 0;

    public static final String RATE_BURST = "OLLAMA_RATE_BURST";
    public static final int DEFAULT_RATE_BURST = 1;

    public static final String FALLBACK_MODELS = "OLLAMA_FALLBACK_MODELS";
    public static final List<String> DEFAULT_FALLBACK_MODELS = List.of();

    private ClientSettings() {}

    /** The endpoint: {@code OLLAMA_ENDPOINT}, else {@code OLLAMA_HOST}, else {@link #DEFAULT_ENDPOINT}. */
    public static Endpoint parseEndpoint(Map<String, String> env) {
        String endpoint = nonBlank(env, ENDPOINT);
        if (endpoint != null) {
            return Endpoint.parse(ENDPOINT, endpoint);
        }
        String host = nonBlank(env, HOST);
        return host != null ? Endpoint.parse(HOST, host) : Endpoint.parse(ENDPOINT, DEFAULT_ENDPOINT);
    }

    /**
     * The nodes: {@code OLLAMA_ENDPOINTS} when set (it wins over {@code OLLAMA_ENDPOINT} and {@code OLLAMA_HOST},
     * which Ollama's own server also reads, so a fleet can be named next to them), else the one node of
     * {@link #parseEndpoint}. Each entry is read as {@code OLLAMA_ENDPOINT} is.
     *
     * @throws IllegalArgumentException for an empty entry, an entry with spaces inside, an invalid entry, a node
     *                                  named twice or more than {@link #MAX_NODES} nodes, naming the entry
     */
    public static List<Endpoint> parseEndpoints(Map<String, String> env) {
        String list = nonBlank(env, ENDPOINTS);
        return list == null ? List.of(parseEndpoint(env)) : endpointList(ENDPOINTS, list);
    }

    /** A comma-separated list of endpoints, for {@link #parseEndpoints} and the builder. */
    public static List<Endpoint> endpointList(String setting, String list) {
        String expected = "; expected comma-separated URLs such as http://node1:11434,http://node2:11434";
        String[] entries = list.split(",", -1);
        if (entries.length > MAX_NODES) {
            throw new IllegalArgumentException(
                    "'" + setting + "' must name between 1 and " + MAX_NODES + " nodes, got: " + entries.length);
        }
        java.util.LinkedHashMap<String, Endpoint> nodes = new java.util.LinkedHashMap<>();
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            String which = "'" + setting + "' entry " + (i + 1) + " of " + entries.length;
            if (entry.isEmpty()) {
                throw new IllegalArgumentException(which + " is empty in \"" + list + "\"" + expected);
            }
            if (entry.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(which + " contains a space: \"" + entry + "\"" + expected);
            }
            Endpoint endpoint;
            try {
                endpoint = Endpoint.parse(setting, entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        which + " is not a valid endpoint (" + e.getMessage() + ")" + expected, e);
            }
            if (nodes.putIfAbsent(endpoint.baseUrl(), endpoint) != null) {
                throw new IllegalArgumentException(
                        which + " names " + endpoint.baseUrl() + " a second time; each node once" + expected);
            }
        }
        return List.copyOf(nodes.values());
    }

    /** {@code OLLAMA_MAX_CONCURRENT_TOTAL} and the {@code OLLAMA_FLEET_*} settings. */
    public static FleetSettings parseFleet(Map<String, String> env) {
        return new FleetSettings(
                intInRange(env, MAX_CONCURRENT_TOTAL, DEFAULT_MAX_CONCURRENT_TOTAL, 0, 1000),
                duration(env, FLEET_MODELS_TTL, DEFAULT_FLEET_MODELS_TTL),
                duration(env, FLEET_BACKOFF_INITIAL, DEFAULT_FLEET_BACKOFF_INITIAL),
                duration(env, FLEET_BACKOFF_MAX, DEFAULT_FLEET_BACKOFF_MAX));
    }

    public static String parseDefaultModel(Map<String, String> env) {
        String v = nonBlank(env, DEFAULT_MODEL);
        return v == null ? DEFAULT_DEFAULT_MODEL : v;
    }

    public static int parseMaxConcurrent(Map<String, String> env) {
        return intInRange(env, MAX_CONCURRENT, DEFAULT_MAX_CONCURRENT, 1, 1000);
    }

    /**
     * Every {@code OLLAMA_CACHE_*} variable, as {@link CacheEnvironment} reads them ({@code ~/} and the default
     * file resolve against {@code HOME} from {@code env}, else the {@code user.home} property).
     */
    public static CacheConfig parseCache(Map<String, String> env) {
        String home = nonBlank(env, "HOME");
        return CacheEnvironment.fromEnvironment(env, Path.of(home != null ? home : System.getProperty("user.home")));
    }

    /** Informational only: reported, never written. {@code null} when unset. */
    public static String parseModelsPath(Map<String, String> env) {
        return nonBlank(env, MODELS_PATH);
    }

    public static Duration parseConnectTimeout(Map<String, String> env) {
        return duration(env, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    }

    public static Duration parseReadTimeout(Map<String, String> env) {
        return duration(env, READ_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    public static Duration parseCallTimeout(Map<String, String> env) {
        return duration(env, CALL_TIMEOUT, DEFAULT_CALL_TIMEOUT);
    }

    public static Duration parseLimiterWait(Map<String, String> env) {
        return duration(env, LIMITER_WAIT, DEFAULT_LIMITER_WAIT);
    }

    public static RetrySettings parseRetry(Map<String, String> env) {
        return new RetrySettings(
                intInRange(env, RETRY_MAX_ATTEMPTS, DEFAULT_RETRY_MAX_ATTEMPTS, 1, 10),
                duration(env, RETRY_INITIAL_BACKOFF, DEFAULT_RETRY_INITIAL_BACKOFF),
                duration(env, RETRY_MAX_BACKOFF, DEFAULT_RETRY_MAX_BACKOFF),
                duration(env, RETRY_BUDGET, DEFAULT_RETRY_BUDGET));
    }

    public static RateLimitSettings parseRateLimit(Map<String, String> env) {
        String rate = nonBlank(env, RATE_LIMIT);
        double r = DEFAULT_RATE_LIMIT;
        if (rate != null) {
            try {
                r = Double.parseDouble(rate);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "'" + RATE_LIMIT + "' must be a number of calls per second, got: " + rate);
            }
        }
        return new RateLimitSettings(r, intInRange(env, RATE_BURST, DEFAULT_RATE_BURST, 1, 100_000));
    }

    /** Comma-separated model names tried in order after the requested one. */
    public static List<String> parseFallbackModels(Map<String, String> env) {
        String v = nonBlank(env, FALLBACK_MODELS);
        if (v == null) {
            return DEFAULT_FALLBACK_MODELS;
        }
        return Arrays.stream(v.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    // ---- generic parsers ---------------------------------------------------------------------------------------

    /** The value with surrounding spaces and quotes removed (as Ollama does), or null when unset or blank. */
    static String nonBlank(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null) {
            return null;
        }
        v = v.strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1).strip();
        }
        return v.isEmpty() ? null : v;
    }

    static int intInRange(Map<String, String> env, String name, int def, int min, int max) {
        String v = nonBlank(env, name);
        if (v == null) {
            return def;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + name + "' must be an integer between " + min + " and " + max + ", got: \"" + v + "\"");
        }
        return checkRange(name, parsed, min, max);
    }

    /** {@code 'NAME' must be between min and max, got: value}. */
    public static int checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "'" + name + "' must be between " + min + " and " + max + ", got: " + value);
        }
        return value;
    }

    static Duration duration(Map<String, String> env, String name, Duration def) {
        String v = nonBlank(env, name);
        if (v == null) {
            return def;
        }
        long nanos = GoDuration.parseNanos(name, v);
        if (nanos < 0) {
            throw new IllegalArgumentException("'" + name + "' must be >= 0, got: \"" + v + "\"");
        }
        return Duration.ofNanos(nanos);
    }
}
