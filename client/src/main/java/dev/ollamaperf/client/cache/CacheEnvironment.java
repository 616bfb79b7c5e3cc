package dev.ollamaperf.client.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link CacheConfig} from environment variables (the names and defaults are in
 * {@link CacheConfig}). Like Ollama, values may be wrapped in quotes or spaces, which are stripped; an
 * unset or blank variable takes its default. Unlike Ollama, a value that does not parse is an error
 * naming the variable, the expected form and the value: a cache silently running with other limits
 * than configured is worse than a failed start.
 *
 * <p>Forms: booleans {@code true/false/1/0/yes/no/on/off}; sizes in bytes with an optional binary
 * suffix {@code k, m, g, t} ({@code 64m} = 64 MiB); durations as bare seconds ({@code 3600}) or Go-style
 * units {@code ms, s, m, h, d} ({@code 1h30m}); the policy {@code always}, {@code deterministic} or
 * {@code never}; a path starting with {@code ~/} is under the home folder.
 */
public final class CacheEnvironment {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private CacheEnvironment() {}

    /** The config the process environment describes, with the default file under {@code user.home}. */
    public static CacheConfig fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * The config {@code env} describes.
     *
     * @param home the folder {@code ~} and the default path resolve against
     * @throws IllegalArgumentException naming the variable, the expected form and the value
     */
    public static CacheConfig fromEnvironment(Map<String, String> env, Path home) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(home, "home");
        String path = value(env, CacheConfig.PATH);
        return new CacheConfig(
                parseBoolean(CacheConfig.ENABLED, value(env, CacheConfig.ENABLED), CacheConfig.DEFAULT_ENABLED),
                path == null ? home.resolve(CacheConfig.DEFAULT_PATH) : resolvePath(path, home),
                parseSize(
                        CacheConfig.MEMORY_BYTES,
                        value(env, CacheConfig.MEMORY_BYTES),
                        CacheConfig.DEFAULT_MEMORY_BYTES),
                parseSize(
                        CacheConfig.MAX_DB_BYTES,
                        value(env, CacheConfig.MAX_DB_BYTES),
                        CacheConfig.DEFAULT_MAX_DB_BYTES),
                parseDuration(CacheConfig.TTL, value(env, CacheConfig.TTL), CacheConfig.DEFAULT_TTL),
                parsePolicy(value(env, CacheConfig.POLICY)),
                parseDuration(
                        CacheConfig.BUSY_TIMEOUT,
                        value(env, CacheConfig.BUSY_TIMEOUT),
                        CacheConfig.DEFAULT_BUSY_TIMEOUT));
    }

    private static String value(Map<String, String> env, String name) {
        String raw = env.get(name);
        if (raw == null) {
            return null;
        }
        String value = raw.strip();
        if (value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            value = value.substring(1, value.length() - 1).strip();
        }
        return value.isEmpty() ? null : value;
    }

    static boolean parseBoolean(String name, String value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
            case "yes":
            case "on":
                return true;
            case "false":
            case "0":
            case "no":
            case "off":
                return false;
            default:
                throw new IllegalArgumentException(
                        "'" + name + "' must be true or false (or 1/0, yes/no, on/off)," + " got: '" + value + "'");
        }
    }

    static long parseSize(String name, String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + name + "' must be a size in bytes with an optional k, m, g"
                    + " or t suffix (e.g. 64m), got: '" + value + "'");
        }
        int shift = "kmgt".indexOf(m.group(2).isEmpty() ? ' ' : m.group(2).charAt(0));
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << (10 * (shift + 1)));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must fit in 63 bits, got: '" + value + "'", e);
        }
    }

    static Duration parseDuration(String name, String value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        String text = value.toLowerCase(Locale.ROOT);
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(text));
            }
            Matcher m = DURATION_PART.matcher(text);
            Duration total = Duration.ZERO;
            int end = 0;
            while (m.lookingAt()) {
                total = total.plus(unit(Long.parseLong(m.group(1)), m.group(2)));
                end = m.end();
                m.region(end, text.length());
            }
            if (end == text.length()) {
                return total;
            }
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            // reported below with the value
        }
        throw new IllegalArgumentException("'" + name + "' must be seconds or a duration such as 90s, 30m, 24h,"
                + " 7d or 1h30m, got: '" + value + "'");
    }

    private static Duration unit(long amount, String unit) {
        switch (unit) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                return Duration.ofDays(amount);
        }
    }

    static CachePolicy.Mode parsePolicy(String value) {
        if (value == null) {
            return CacheConfig.DEFAULT_POLICY;
        }
        switch (value.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "always":
                return CachePolicy.Mode.ALWAYS;
            case "deterministic":
            case "deterministic_only":
                return CachePolicy.Mode.DETERMINISTIC_ONLY;
            case "never":
                return CachePolicy.Mode.NEVER;
            default:
                throw new IllegalArgumentException("'" + CacheConfig.POLICY + "' must be always, deterministic or"
                        + " never, got: '" + value + "'");
        }
    }

    private static Path resolvePath(String value, Path home) {
        if (value.equals("~")) {
            return home;
        }
        return value.startsWith("~/") ? home.resolve(value.substring(2)) : Path.of(value);
    }
}
