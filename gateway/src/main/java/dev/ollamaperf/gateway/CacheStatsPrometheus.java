package dev.ollamaperf.gateway;

import dev.ollamaperf.client.cache.CacheStats;
import dev.ollamaperf.client.cache.TierStats;
import java.util.function.ToLongFunction;

/**
 * The response cache's statistics in Prometheus text format: one counter or gauge family per
 * {@link TierStats} field, labelled by tier, plus bypassed lookups and whether SQLite is in use.
 */
final class CacheStatsPrometheus {

    private CacheStatsPrometheus() {}

    static String render(CacheStats stats) {
        StringBuilder out = new StringBuilder(2048);
        family(out, stats, "hits_total", "counter", "Lookups answered by the tier.", TierStats::hits);
        family(
                out,
                stats,
                "misses_total",
                "counter",
                "Lookups that reached the tier and found no fresh entry.",
                TierStats::misses);
        family(out, stats, "puts_total", "counter", "Entries written to the tier.", TierStats::puts);
        family(
                out,
                stats,
                "evictions_total",
                "counter",
                "Entries removed to keep the tier within its bound.",
                TierStats::evictions);
        family(
                out,
                stats,
                "expirations_total",
                "counter",
                "Entries removed for being older than the TTL.",
                TierStats::expirations);
        family(out, stats, "errors_total", "counter", "Failed tier operations, served as misses.", TierStats::errors);
        family(out, stats, "entries", "gauge", "Entries held now.", TierStats::entries);
        family(
                out,
                stats,
                "bytes",
                "gauge",
                "Bytes held now (memory: estimated heap; sqlite: payload).",
                TierStats::bytes);
        header(out, "ollama_cache_bypassed_total", "counter", "Lookups the cache policy declined (not cacheable).");
        out.append("ollama_cache_bypassed_total ").append(stats.bypassed()).append('\n');
        header(out, "ollama_cache_persistent", "gauge", "1 when the SQLite tier is in use, 0 when memory-only.");
        out.append("ollama_cache_persistent ")
                .append(stats.persistent() ? 1 : 0)
                .append('\n');
        return out.toString();
    }

    private static void family(
            StringBuilder out,
            CacheStats stats,
            String suffix,
            String type,
            String help,
            ToLongFunction<TierStats> value) {
        String name = "ollama_cache_" + suffix;
        header(out, name, type, help);
        out.append(name)
                .append("{tier=\"memory\"} ")
                .append(value.applyAsLong(stats.memory()))
                .append('\n');
        out.append(name)
                .append("{tier=\"sqlite\"} ")
                .append(value.applyAsLong(stats.sqlite()))
                .append('\n');
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
