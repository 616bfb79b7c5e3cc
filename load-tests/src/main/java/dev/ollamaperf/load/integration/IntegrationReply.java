package dev.ollamaperf.load.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ollamaperf.results.HistogramData;
import dev.ollamaperf.results.IntegrationMetrics;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * What the integration's JVM measured of itself over one window, as {@link IntegrationMain} sends it to the load
 * JVM (one JSON line).
 *
 * @param memory its memory over the window
 * @param cacheLookups response-cache lookups in the window
 * @param cacheHits of those, hits
 * @param queueWait the limiter's queue waits in the window, ns
 * @param prometheus the client's metrics at the window's end, in Prometheus' text format (kept beside the results)
 */
public record IntegrationReply(
        IntegrationMetrics.JvmMemory memory,
        long cacheLookups,
        long cacheHits,
        HistogramData queueWait,
        String prometheus) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    public IntegrationReply {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(queueWait, "queueWait");
        Objects.requireNonNull(prometheus, "prometheus");
    }

    static HistogramData encode(Histogram histogram) {
        return HistogramData.of(histogram, "ns");
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the integration's reply: " + e.getMessage(), e);
        }
    }

    static IntegrationReply fromJson(String json) {
        try {
            return JSON.readValue(json, IntegrationReply.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "the integration's JVM answered what is not its reply: " + e.getMessage(), e);
        }
    }
}
