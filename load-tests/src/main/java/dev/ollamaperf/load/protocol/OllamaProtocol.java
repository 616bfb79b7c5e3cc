package dev.ollamaperf.load.protocol;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * What every Ollama request of one simulation shares: the target, the HTTP client, the timeout,
 * the metrics recorder, and (open model) the arrival schedule latencies are measured from.
 *
 * @param baseUri     the target, e.g. {@code http://127.0.0.1:11434}
 * @param timeout     the longest one request may take
 * @param recorder    where every observation goes
 * @param schedule    for constant-rate open-model injection, the intended start of each user;
 *                    null for closed-model runs, where latency is measured from the send
 * @param http        the shared non-blocking HTTP client
 * @param watch       notes whether the target still answers (one per run, shared by its protocols)
 * @param pairing     in a paired run, the direct path a request routed there takes, and where pairs are matched;
 *                    null otherwise (every request goes to {@code baseUri})
 * @param think       what every request sends as {@code think} ("" leaves it out; {@code ollama.perf.think})
 * @param fleet       the nodes requests are spread over, each to the node it chooses ({@link NodeRouter}); null:
 *                    every request goes to {@code baseUri}
 */
public record OllamaProtocol(
        URI baseUri,
        Duration timeout,
        LlmMetricsRecorder recorder,
        ArrivalSchedule schedule,
        HttpClient http,
        TargetWatch watch,
        Pairing pairing,
        String think,
        FleetNodes fleet) {

    public OllamaProtocol {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(recorder, "recorder");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(think, "think");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("'timeout' must be > 0, got: " + timeout);
        }
    }

    /** A protocol with its own HTTP/1.1 client (Ollama speaks HTTP/1.1) and its own target watch. */
    public static OllamaProtocol of(
            URI baseUri, Duration timeout, LlmMetricsRecorder recorder, ArrivalSchedule schedule) {
        return of(baseUri, timeout, recorder, schedule, new TargetWatch(java.time.Clock.systemUTC()));
    }

    /** A protocol with its own HTTP/1.1 client, reporting every outcome to the run's {@code watch}. */
    public static OllamaProtocol of(
            URI baseUri, Duration timeout, LlmMetricsRecorder recorder, ArrivalSchedule schedule, TargetWatch watch) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return new OllamaProtocol(baseUri, timeout, recorder, schedule, http, watch, null, "", null);
    }

    /** This protocol for the integration path, with {@code direct} as the other path of each pair. */
    public OllamaProtocol pairedWith(OllamaProtocol direct, PairedLatencies latencies) {
        return new OllamaProtocol(
                baseUri, timeout, recorder, schedule, http, watch, new Pairing(direct, latencies), think, fleet);
    }

    /** This protocol with every request sending {@code newThink} as {@code think} ("" leaves it out). */
    public OllamaProtocol withThink(String newThink) {
        return new OllamaProtocol(baseUri, timeout, recorder, schedule, http, watch, pairing, newThink, fleet);
    }

    /**
     * This protocol without its arrival schedule (same client, recorder and target): for requests no schedule planned,
     * measured from their send.
     */
    public OllamaProtocol withoutSchedule() {
        return new OllamaProtocol(baseUri, timeout, recorder, null, http, watch, pairing, think, fleet);
    }

    /** This protocol spreading its requests over {@code nodes} (null: to {@code baseUri} only). */
    public OllamaProtocol withFleet(FleetNodes nodes) {
        return new OllamaProtocol(baseUri, timeout, recorder, schedule, http, watch, pairing, think, nodes);
    }

    /**
     * The direct path of a paired run.
     *
     * @param direct the protocol of the requests routed straight at Ollama (its own recorder)
     * @param latencies where the two requests of each pair are matched
     */
    public record Pairing(OllamaProtocol direct, PairedLatencies latencies) {
        public Pairing {
            Objects.requireNonNull(direct, "direct");
            Objects.requireNonNull(latencies, "latencies");
        }
    }
}
