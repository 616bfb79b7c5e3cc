package dev.ollamaperf.load.protocol;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What every Ollama request of one simulation shares: the target, the stream event loops, the timeout,
 * the metrics recorder, and (open model) the arrival schedule latencies are measured from.
 *
 * @param baseUri     the target, e.g. {@code http://127.0.0.1:11434}
 * @param timeout     the longest one request may take
 * @param recorder    where every observation goes
 * @param schedule    for constant-rate open-model injection, the intended start of each user;
 *                    null for closed-model runs, where latency is measured from the send
 * @param loops       the shared event loops the streams run on (one set per run)
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
        StreamLoops loops,
        TargetWatch watch,
        Pairing pairing,
        String think,
        FleetNodes fleet) {

    public OllamaProtocol {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(recorder, "recorder");
        Objects.requireNonNull(loops, "loops");
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(think, "think");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("'timeout' must be > 0, got: " + timeout);
        }
    }

    /** A protocol on the run's event loops, reporting every outcome to the run's {@code watch}. */
    public static OllamaProtocol of(
            URI baseUri,
            Duration timeout,
            LlmMetricsRecorder recorder,
            ArrivalSchedule schedule,
            StreamLoops loops,
            TargetWatch watch) {
        return new OllamaProtocol(baseUri, timeout, recorder, schedule, loops, watch, null, "", null);
    }

    /** This protocol for the integration path, with {@code direct} as the other path of each pair. */
    public OllamaProtocol pairedWith(OllamaProtocol direct, PairedLatencies latencies) {
        return new OllamaProtocol(
                baseUri, timeout, recorder, schedule, loops, watch, new Pairing(direct, latencies), think, fleet);
    }

    /** This protocol with every request sending {@code newThink} as {@code think} ("" leaves it out). */
    public OllamaProtocol withThink(String newThink) {
        return new OllamaProtocol(baseUri, timeout, recorder, schedule, loops, watch, pairing, newThink, fleet);
    }

    /**
     * This protocol without its arrival schedule (same client, recorder and target): for requests no schedule planned,
     * measured from their send.
     */
    public OllamaProtocol withoutSchedule() {
        return new OllamaProtocol(baseUri, timeout, recorder, null, loops, watch, pairing, think, fleet);
    }

    /** This protocol spreading its requests over {@code nodes} (null: to {@code baseUri} only). */
    public OllamaProtocol withFleet(FleetNodes nodes) {
        return new OllamaProtocol(baseUri, timeout, recorder, schedule, loops, watch, pairing, think, nodes);
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
