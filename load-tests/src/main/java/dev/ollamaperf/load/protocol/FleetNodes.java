package dev.ollamaperf.load.protocol;

import dev.ollamaperf.results.HistogramData;
import dev.ollamaperf.results.NodeLoad;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The nodes of a fleet one phase spreads its requests over ({@code OLLAMA_ENDPOINTS}, or the embedded emulator's
 * {@code ollama.perf.emulatorNodes}): which node each request goes to ({@link NodePicker}) and what each served,
 * for metrics.json's {@code nodes} ({@link NodeLoad}). Recording is wait-free, as in {@link LlmMetricsRecorder}.
 */
public final class FleetNodes {

    private final List<URI> nodes;
    private final NodePicker picker;
    private final List<Node> served = new ArrayList<>();

    /** The fleet of {@code nodes} (at least two base URIs, each once). */
    public FleetNodes(List<URI> nodes) {
        this.nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
        if (this.nodes.size() < 2) {
            throw new IllegalArgumentException("a fleet needs at least 2 nodes, got: " + nodes);
        }
        this.picker = new NodePicker(this.nodes.size());
        this.nodes.forEach(node -> served.add(new Node()));
    }

    /** The nodes' base URIs, in configuration order. */
    public List<URI> nodes() {
        return nodes;
    }

    /** The node the next request goes to; {@link #ended} must follow once. */
    int choose() {
        return picker.acquire();
    }

    /** A request to node {@code node} ended as {@code observation} says. */
    void ended(int node, StreamObservation observation) {
        picker.release(node);
        served.get(node).record(observation);
    }

    /** A request chosen for {@code node} was never sent. */
    void abandoned(int node) {
        picker.release(node);
    }

    /** What each node served so far, in configuration order. */
    public List<NodeLoad> snapshot() {
        List<NodeLoad> loads = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            loads.add(served.get(i).snapshot(nodes.get(i).toString()));
        }
        return loads;
    }

    /** One node's counters and latency recorders. */
    private static final class Node {
        private final LongAdder requests = new LongAdder();
        private final LongAdder errors = new LongAdder();
        private final LongAdder outputTokens = new LongAdder();
        private final Recorder ttft = new Recorder(LlmMetricsRecorder.HIGHEST_NANOS, 3);
        private final Recorder e2e = new Recorder(LlmMetricsRecorder.HIGHEST_NANOS, 3);

        void record(StreamObservation o) {
            requests.increment();
            if (o.outcome() != RequestOutcome.OK) {
                errors.increment();
                return;
            }
            outputTokens.add(LlmMetricsRecorder.outputTokens(o));
            if (o.ttftFromIntendedNanos() >= 0) {
                ttft.recordValue(Math.min(o.ttftFromIntendedNanos(), LlmMetricsRecorder.HIGHEST_NANOS));
            }
            e2e.recordValue(Math.min(o.e2eFromIntendedNanos(), LlmMetricsRecorder.HIGHEST_NANOS));
        }

        NodeLoad snapshot(String endpoint) {
            return new NodeLoad(
                    endpoint,
                    requests.sum(),
                    errors.sum(),
                    outputTokens.sum(),
                    HistogramData.of(ttft.getIntervalHistogram(), "ns"),
                    HistogramData.of(e2e.getIntervalHistogram(), "ns"));
        }
    }
}
