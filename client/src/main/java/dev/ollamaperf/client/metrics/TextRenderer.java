package dev.ollamaperf.client.metrics;

import java.io.IOException;
import java.util.Locale;

/** The plain-text dump: milliseconds with three decimals, tokens/s with one; locale-independent. */
final class TextRenderer implements MetricsFormat.Renderer {

    @Override
    public void render(MetricsSnapshot s, Appendable out) throws IOException {
        for (ModelMetrics m : s.models().values()) {
            line(out, m.model() + " latency", m.latencyNanos(), 1e6, "ms");
            line(out, m.model() + " ttft", m.ttftNanos(), 1e6, "ms");
            line(out, m.model() + " output_tps", m.outputTpsMilli(), 1e3, "tok/s");
        }
        line(out, "limiter queue_wait", s.queueWait(), 1e6, "ms");
        for (var e : s.errors().entrySet()) {
            for (var k : e.getValue().entrySet()) {
                out.append(e.getKey())
                        .append(" errors ")
                        .append(k.getKey().name().toLowerCase(Locale.ROOT))
                        .append(' ')
                        .append(Long.toString(k.getValue()))
                        .append('\n');
            }
        }
        for (var t : s.cacheTiers().entrySet()) {
            out.append("cache ")
                    .append(t.getKey())
                    .append(String.format(
                            Locale.ROOT,
                            " hits=%d misses=%d hit_ratio=%.3f%n",
                            t.getValue().hits(),
                            t.getValue().misses(),
                            t.getValue().hitRatio()));
        }
        for (NodeMetrics n : s.nodes().values()) {
            out.append(String.format(
                    Locale.ROOT,
                    "node %s %s outstanding=%d requests=%d errors=%d%n",
                    n.node(),
                    n.up() ? "up" : "down",
                    n.outstanding(),
                    n.requests(),
                    n.errors()));
            line(out, "node " + n.node() + " latency", n.latencyNanos(), 1e6, "ms");
        }
    }

    private static void line(Appendable out, String name, Distribution d, double divisor, String unit)
            throws IOException {
        out.append(String.format(
                Locale.ROOT,
                "%s count=%d p50=%.3f p90=%.3f p95=%.3f p99=%.3f p99.9=%.3f " + "max=%.3f %s%n",
                name,
                d.count(),
                d.p50() / divisor,
                d.p90() / divisor,
                d.p95() / divisor,
                d.p99() / divisor,
                d.p999() / divisor,
                d.max() / divisor,
                unit));
    }
}
