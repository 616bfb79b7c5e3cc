package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Numbers;
import dev.ollamaperf.reports.metric.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One line per scenario that went through the integration, for the terminal and {@code summary.md}, e.g.
 * {@code steady: the integration adds ttft +3.1 ms [2.4, 4.0], e2e +4.2 ms [3.9, 4.6] (20 pairs); allocates
 * 310 KiB/request; heap after GC 12.3 MiB}. Built from the metrics alone ({@code load.<s>.<m>.added.*.p50},
 * {@code load.<s>.integration.*}), so a run read back from {@code results.json} gives the same lines.
 */
public final class IntegrationSummary {

    private IntegrationSummary() {}

    /** Returns the lines, in scenario order; empty when no scenario went through the integration. */
    public static List<String> lines(RunResult run) {
        List<String> lines = new ArrayList<>();
        for (String scenario : scenarios(run)) {
            lines.add(line(run, scenario));
        }
        return lines;
    }

    /** The scenarios with integration metrics. */
    static TreeSet<String> scenarios(RunResult run) {
        TreeSet<String> scenarios = new TreeSet<>();
        for (Metric m : run.metrics()) {
            String n = m.name();
            if (n.startsWith("load.") && n.endsWith(".integration.requests")) {
                scenarios.add(n.substring("load.".length(), n.length() - ".integration.requests".length()));
            }
        }
        return scenarios;
    }

    /** Model -> latency -> what the integration adds to it, latencies in the report's order. */
    static Map<String, Map<String, Metric>> added(RunResult run, String scenario) {
        Map<String, Map<String, Metric>> byModel = new TreeMap<>();
        for (Metric m : run.metrics()) {
            MetricNames.added(m)
                    .filter(n -> n.scenario().equals(scenario))
                    .ifPresent(n -> byModel.computeIfAbsent(n.model(), k -> new TreeMap<>(MetricNames::latencyOrder))
                            .put(n.kind(), m));
        }
        return byModel;
    }

    /** {@code load.<scenario>.integration.<what>}, if measured. */
    static Optional<Metric> own(RunResult run, String scenario, String what) {
        return run.metric("load." + scenario + ".integration." + what);
    }

    /** {@code +3.1 ms [2.4, 4.0]}: signed, since the integration may also make a path faster. */
    static String signed(Metric m) {
        String value = (m.value() > 0 ? "+" : "") + Numbers.plain(m.value(), 3) + " " + m.unit();
        Interval i = m.uncertainty();
        return i == null ? value : value + " [" + Numbers.plain(i.low(), 3) + ", " + Numbers.plain(i.high(), 3) + "]";
    }

    /** Bytes in binary units, 3 significant digits: {@code 310 KiB}, {@code 12.3 MiB}, {@code -1.5 MiB}. */
    static String bytes(double bytes) {
        double size = Math.abs(bytes);
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (size >= 1024 && u < units.length - 1) {
            size /= 1024;
            u++;
        }
        return (bytes < 0 ? "-" : "") + Numbers.plain(size, 3) + " " + units[u];
    }

    private static String line(RunResult run, String scenario) {
        List<String> parts = new ArrayList<>();
        Map<String, Map<String, Metric>> byModel = added(run, scenario);
        List<String> models = new ArrayList<>();
        byModel.forEach((model, latencies) -> {
            List<String> each = new ArrayList<>();
            long pairs = 0;
            for (Map.Entry<String, Metric> e : latencies.entrySet()) {
                each.add(e.getKey() + " " + signed(e.getValue()));
                pairs = Math.max(pairs, e.getValue().samples());
            }
            models.add((byModel.size() > 1 ? model + " " : "") + String.join(", ", each) + " (" + pairs + " pairs)");
        });
        parts.add(
                models.isEmpty()
                        ? "the integration served "
                                + own(run, scenario, "requests")
                                        .map(m -> Numbers.plain(m.value()))
                                        .orElse("0") + " requests (no pairs measured)"
                        : "the integration adds " + String.join("; ", models));
        own(run, scenario, "alloc_per_request").ifPresent(m -> parts.add("allocates " + bytes(m.value()) + "/request"));
        own(run, scenario, "heap_after_gc.bytes").ifPresent(m -> parts.add("heap after GC " + bytes(m.value())));
        own(run, scenario, "cache.hit.ratio")
                .ifPresent(m -> parts.add("cache hits " + Numbers.plain(100 * m.value(), 3) + "%"));
        own(run, scenario, "fairness.jain")
                .ifPresent(m -> parts.add(
                        "fairness (Jain) " + Numbers.plain(m.value(), 3) + " over " + m.samples() + " users"));
        return scenario + ": " + String.join("; ", parts);
    }
}
