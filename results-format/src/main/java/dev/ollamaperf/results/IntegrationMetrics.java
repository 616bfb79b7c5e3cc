package dev.ollamaperf.results;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a scenario measured of the integration itself (the optional {@code integration} of a scenario in
 * {@code metrics.json}): present when the load went through the integration, the gateway in its own JVM, with
 * the direct path to Ollama measured in the same run as the reference, request by request alternating.
 *
 * @param reference the scenario of the same file that holds the direct path, e.g. {@code steady_direct}; {@code null}
 *     when the run measured no direct path (the integration alone: then {@code added} is empty)
 * @param added per model and latency, each pair's integration-minus-direct difference
 * @param requests requests the integration served in the window (the denominator of per-request memory)
 * @param cacheLookups response-cache lookups of the integration in the window
 * @param cacheHits of those, hits; at most {@code cache_lookups}
 * @param memory the integration JVM's memory in the window, or {@code null} when it was not measured
 * @param userRequests per virtual user of the scenario (in the order users started), the requests that ended
 *     answered (through the integration; both paths together in a paired run): how evenly its limiter served users when the load is above its limit (the
 *     reports' Jain index); {@code null} when not recorded (optional: files written before it existed still read)
 */
public record IntegrationMetrics(
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JacksonInject(value = "absent:reference", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        String reference,

        List<PairedLatency> added,
        long requests,
        long cacheLookups,
        long cacheHits,
        JvmMemory memory,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JacksonInject(value = "absent:user_requests", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        List<Long> userRequests) {

    /** Without per-user counts. */
    public IntegrationMetrics(
            String reference,
            List<PairedLatency> added,
            long requests,
            long cacheLookups,
            long cacheHits,
            JvmMemory memory) {
        this(reference, added, requests, cacheLookups, cacheHits, memory, null);
    }

    public IntegrationMetrics {
        if (reference != null) {
            Checks.nonBlank(reference, "integration.reference");
        }
        added = List.copyOf(Objects.requireNonNull(added, "integration.added"));
        if (reference == null && !added.isEmpty()) {
            throw new IllegalArgumentException("'integration.added' needs a 'reference' (the direct path's scenario)");
        }
        Checks.nonNegative(requests, "integration.requests");
        Checks.nonNegative(cacheLookups, "integration.cache_lookups");
        Checks.nonNegative(cacheHits, "integration.cache_hits");
        if (cacheHits > cacheLookups) {
            throw new IllegalArgumentException(
                    "'integration.cache_hits' must be <= cache_lookups (" + cacheLookups + "), got: " + cacheHits);
        }
        if (added.stream().map(p -> p.model() + " " + p.latency()).distinct().count() != added.size()) {
            throw new IllegalArgumentException("'integration.added' lists a model and latency twice");
        }
        if (userRequests != null) {
            userRequests = List.copyOf(userRequests);
            if (userRequests.stream().anyMatch(n -> n < 0)) {
                throw new IllegalArgumentException(
                        "'integration.user_requests' must hold counts of 0 or more, got: " + userRequests);
            }
        }
    }

    /**
     * Returns two injectors' measurements as one: differences pooled, counts summed; memory summed (two JVMs
     * hold their heaps side by side), the worst pause kept, the samples dropped (they are per JVM).
     *
     * @throws IllegalArgumentException when the references differ
     */
    public IntegrationMetrics plus(IntegrationMetrics other) {
        if (!Objects.equals(reference, other.reference)) {
            throw new IllegalArgumentException(
                    "'integration.reference' differs between injectors: " + reference + " vs " + other.reference);
        }
        Map<String, PairedLatency> pooled = new LinkedHashMap<>();
        for (PairedLatency p : added) {
            pooled.put(p.model() + " " + p.latency(), p);
        }
        for (PairedLatency p : other.added) {
            pooled.merge(p.model() + " " + p.latency(), p, PairedLatency::plus);
        }
        JvmMemory both = memory == null || other.memory == null ? null : memory.plus(other.memory);
        return new IntegrationMetrics(
                reference,
                new ArrayList<>(pooled.values()),
                requests + other.requests,
                cacheLookups + other.cacheLookups,
                cacheHits + other.cacheHits,
                both,
                // each injector's users are its own: the lists side by side are every user's
                userRequests == null || other.userRequests == null ? null : concat(userRequests, other.userRequests));
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * One latency's paired differences for one model.
     *
     * @param model the model
     * @param latency {@code ttft}, {@code e2e} or {@code inter_token} (a request's median gap)
     * @param differencesNs per pair, the integration request's latency minus the direct one's, ns (negative when
     *     the integration was faster); pairs where either request failed are left out
     */
    public record PairedLatency(String model, String latency, List<Long> differencesNs) {

        /** The latencies a pair is compared on. */
        public static final Set<String> LATENCIES = Set.of("ttft", "e2e", "inter_token");

        public PairedLatency {
            Checks.nonBlank(model, "integration.added.model");
            if (!LATENCIES.contains(latency)) {
                throw new IllegalArgumentException(
                        "'integration.added.latency' must be one of " + LATENCIES + ", got: " + latency);
            }
            differencesNs = Collections.unmodifiableList(
                    new ArrayList<>(Objects.requireNonNull(differencesNs, "integration.added.differences_ns")));
        }

        PairedLatency plus(PairedLatency other) {
            List<Long> all = new ArrayList<>(differencesNs);
            all.addAll(other.differencesNs);
            return new PairedLatency(model, latency, all);
        }
    }

    /**
     * The integration JVM's memory over the window. The window starts and ends with a full collection
     * ({@code System.gc()}, outside the measured requests), so the heap it leaves is comparable between runs.
     *
     * @param heapAfterGcStartBytes heap in use after the full collection at the window's start
     * @param heapAfterGcEndBytes heap in use after the full collection at its end
     * @param heapAfterGcPeakBytes the most heap any collection in the window left in use, the end's included
     * @param allocatedBytes bytes allocated by all the JVM's threads in the window
     * @param rssPeakBytes the process's largest resident set seen (sampled); 0 where the OS does not tell
     * @param gcPauses collections in the window, the forced ones left out
     * @param gcPauseP99Ns their p99 pause (the longest when fewer than 100), ns; 0 when there was none
     * @param gcPauseMaxNs their longest pause, ns
     * @param threadsPeak the most live threads at once
     * @param samples heap in use, resident set and threads over the window, in time order
     */
    public record JvmMemory(
            long heapAfterGcStartBytes,
            long heapAfterGcEndBytes,
            long heapAfterGcPeakBytes,
            long allocatedBytes,
            long rssPeakBytes,
            long gcPauses,
            long gcPauseP99Ns,
            long gcPauseMaxNs,
            int threadsPeak,
            List<Sample> samples) {

        public JvmMemory {
            Checks.nonNegative(heapAfterGcStartBytes, "integration.memory.heap_after_gc_start_bytes");
            Checks.nonNegative(heapAfterGcEndBytes, "integration.memory.heap_after_gc_end_bytes");
            Checks.nonNegative(heapAfterGcPeakBytes, "integration.memory.heap_after_gc_peak_bytes");
            if (heapAfterGcPeakBytes < heapAfterGcEndBytes) {
                throw new IllegalArgumentException("'integration.memory.heap_after_gc_peak_bytes' must be >="
                        + " heap_after_gc_end_bytes (" + heapAfterGcEndBytes + "), got: " + heapAfterGcPeakBytes);
            }
            Checks.nonNegative(allocatedBytes, "integration.memory.allocated_bytes");
            Checks.nonNegative(rssPeakBytes, "integration.memory.rss_peak_bytes");
            Checks.nonNegative(gcPauses, "integration.memory.gc_pauses");
            Checks.nonNegative(gcPauseP99Ns, "integration.memory.gc_pause_p99_ns");
            if (gcPauseMaxNs < gcPauseP99Ns) {
                throw new IllegalArgumentException("'integration.memory.gc_pause_max_ns' must be >= gc_pause_p99_ns ("
                        + gcPauseP99Ns + "), got: " + gcPauseMaxNs);
            }
            Checks.nonNegative(threadsPeak, "integration.memory.threads_peak");
            samples = List.copyOf(Objects.requireNonNull(samples, "integration.memory.samples"));
            for (int i = 1; i < samples.size(); i++) {
                if (samples.get(i).tMs() < samples.get(i - 1).tMs()) {
                    throw new IllegalArgumentException("'integration.memory.samples' must be in time order, got t_ms "
                            + samples.get(i - 1).tMs() + " before "
                            + samples.get(i).tMs());
                }
            }
        }

        /** The heap the window left behind: end minus start, both after a full collection (negative: it shrank). */
        public long heapGrowthBytes() {
            return heapAfterGcEndBytes - heapAfterGcStartBytes;
        }

        JvmMemory plus(JvmMemory o) {
            return new JvmMemory(
                    heapAfterGcStartBytes + o.heapAfterGcStartBytes,
                    heapAfterGcEndBytes + o.heapAfterGcEndBytes,
                    heapAfterGcPeakBytes + o.heapAfterGcPeakBytes,
                    allocatedBytes + o.allocatedBytes,
                    rssPeakBytes + o.rssPeakBytes,
                    gcPauses + o.gcPauses,
                    Math.max(gcPauseP99Ns, o.gcPauseP99Ns),
                    Math.max(gcPauseMaxNs, o.gcPauseMaxNs),
                    threadsPeak + o.threadsPeak,
                    List.of());
        }
    }

    /**
     * One sample of the integration JVM.
     *
     * @param tMs time since the window's start, ms
     * @param heapUsedBytes heap in use (garbage included)
     * @param rssBytes resident set; 0 where the OS does not tell
     * @param threads live threads
     */
    public record Sample(long tMs, long heapUsedBytes, long rssBytes, int threads) {

        public Sample {
            Checks.nonNegative(tMs, "integration.memory.samples.t_ms");
            Checks.nonNegative(heapUsedBytes, "integration.memory.samples.heap_used_bytes");
            Checks.nonNegative(rssBytes, "integration.memory.samples.rss_bytes");
            Checks.nonNegative(threads, "integration.memory.samples.threads");
        }
    }
}
