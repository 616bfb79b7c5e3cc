package dev.ollamaperf.client.metrics;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Prometheus text format: each distribution as a summary (quantiles 0.5/0.9/0.95/0.99/0.999, {@code _sum} as
 * mean × count since HdrHistogram keeps no exact sum, {@code _count}), errors and cache lookups as counters.
 * Seconds for times, as Prometheus conventions ask. Locale-independent.
 */
final class PrometheusRenderer implements MetricsFormat.Renderer {

    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99, 0.999};

    @Override
    public void render(MetricsSnapshot s, Appendable out) throws IOException {
        header(out, "ollama_client_latency_seconds", "End-to-end call latency, from the caller's start.", "summary");
        for (ModelMetrics m : s.models().values()) {
            summary(out, "ollama_client_latency_seconds", "model=\"" + esc(m.model()) + "\"", m.latencyNanos(), 1e9);
        }
        header(out, "ollama_client_ttft_seconds", "Client-observed time to first token of streamed calls.", "summary");
        for (ModelMetrics m : s.models().values()) {
            summary(out, "ollama_client_ttft_seconds", "model=\"" + esc(m.model()) + "\"", m.ttftNanos(), 1e9);
        }
        header(
                out,
                "ollama_client_output_tokens_per_second",
                "Output tokens/s per call (eval_count/eval_duration).",
                "summary");
        for (ModelMetrics m : s.models().values()) {
            summary(
                    out,
                    "ollama_client_output_tokens_per_second",
                    "model=\"" + esc(m.model()) + "\"",
                    m.outputTpsMilli(),
                    1e3);
        }
        header(out, "ollama_client_queue_wait_seconds", "Wait for a concurrency-limiter permit.", "summary");
        summary(out, "ollama_client_queue_wait_seconds", "", s.queueWait(), 1e9);
        header(out, "ollama_client_errors_total", "Failed calls by requested model and error kind.", "counter");
        for (var e : s.errors().entrySet()) {
            for (var k : e.getValue().entrySet()) {
                out.append("ollama_client_errors_total{model=\"")
                        .append(esc(e.getKey()))
                        .append("\",kind=\"")
                        .append(k.getKey().name().toLowerCase(Locale.ROOT))
                        .append("\"} ")
                        .append(Long.toString(k.getValue()))
                        .append('\n');
            }
        }
        header(out, "ollama_client_cache_lookups_total", "Response-cache lookups by tier and result.", "counter");
        for (Map.Entry<String, MetricsSnapshot.TierCount> t : s.cacheTiers().entrySet()) {
            String tier = esc(t.getKey());
            out.append("ollama_client_cache_lookups_total{tier=\"")
                    .append(tier)
                    .append("\",result=\"hit\"} ")
                    .append(Long.toString(t.getValue().hits()))
                    .append('\n');
            out.append("ollama_client_cache_lookups_total{tier=\"")
                    .append(tier)
                    .append("\",result=\"miss\"} ")
                    .append(Long.toString(t.getValue().misses()))
                    .append('\n');
        }
        if (!s.nodes().isEmpty()) {
            nodes(s, out);
        }
    }

    /** Per-node series of a fleet, labelled {@code node} (its base URL); absent with one node. */
    private static void nodes(MetricsSnapshot s, Appendable out) throws IOException {
        header(
                out,
                "ollama_client_node_up",
                "1 while the node takes calls, 0 while it is out after a failure.",
                "gauge");
        for (NodeMetrics n : s.nodes().values()) {
            sample(out, "ollama_client_node_up", n.node(), n.up() ? 1 : 0);
        }
        header(out, "ollama_client_node_outstanding", "Attempts on the wire to the node now.", "gauge");
        for (NodeMetrics n : s.nodes().values()) {
            sample(out, "ollama_client_node_outstanding", n.node(), n.outstanding());
        }
        header(out, "ollama_client_node_requests_total", "Attempts sent to the node.", "counter");
        for (NodeMetrics n : s.nodes().values()) {
            sample(out, "ollama_client_node_requests_total", n.node(), n.requests());
        }
        header(out, "ollama_client_node_errors_total", "Attempts to the node that failed.", "counter");
        for (NodeMetrics n : s.nodes().values()) {
            sample(out, "ollama_client_node_errors_total", n.node(), n.errors());
        }
        header(out, "ollama_client_node_latency_seconds", "Duration of the node's successful attempts.", "summary");
        for (NodeMetrics n : s.nodes().values()) {
            summary(out, "ollama_client_node_latency_seconds", "node=\"" + esc(n.node()) + "\"", n.latencyNanos(), 1e9);
        }
    }

    private static void sample(Appendable out, String name, String node, long value) throws IOException {
        out.append(name)
                .append("{node=\"")
                .append(esc(node))
                .append("\"} ")
                .append(Long.toString(value))
                .append('\n');
    }

    private static void header(Appendable out, String name, String help, String type) throws IOException {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void summary(Appendable out, String name, String labels, Distribution d, double divisor)
            throws IOException {
        String sep = labels.isEmpty() ? "" : ",";
        for (double q : QUANTILES) {
            long v = d.count() == 0 ? 0 : d.valueAtPercentile(q * 100);
            out.append(name)
                    .append('{')
                    .append(labels)
                    .append(sep)
                    .append("quantile=\"")
                    .append(num(q))
                    .append("\"} ")
                    .append(num(v / divisor))
                    .append('\n');
        }
        String braces = labels.isEmpty() ? "" : "{" + labels + "}";
        out.append(name)
                .append("_sum")
                .append(braces)
                .append(' ')
                .append(num(d.mean() * d.count() / divisor))
                .append('\n');
        out.append(name)
                .append("_count")
                .append(braces)
                .append(' ')
                .append(Long.toString(d.count()))
                .append('\n');
    }

    private static String num(double v) {
        return Double.toString(v); // locale-independent; Prometheus (Go ParseFloat) reads "1.5E-4"
    }

    /** Label-value escaping: backslash, double quote and newline. */
    static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
