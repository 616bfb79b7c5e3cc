package dev.ollamaperf.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Merges the files of several injectors that ran the same scenarios at the same time.
 *
 * <p>Per scenario: histograms are added ({@code Histogram.add}), never averaged; counters and output
 * tokens are summed; target and achieved rates and users are summed (each injector carries its share of
 * the load); the window is the union; the status is INVALID if any injector's is, with its reasons
 * prefixed by the injector's name; time series are added bucket by bucket by absolute time
 * ({@link TimeSeries#plus}), and kept only if every injector wrote one (a partial sum would not match the
 * merged counters); so are the integration's measurements ({@link IntegrationMetrics#plus}); each node's load is added by endpoint ({@link NodeLoad#plus}). Settings, objectives, injection model and target kind must agree,
 * otherwise the files do not describe one experiment and merging fails.
 */
public final class LoadMetricsMerger {

    private LoadMetricsMerger() {}

    /**
     * Merges files of several injectors; one file is returned unchanged.
     *
     * @throws IllegalArgumentException naming the scenario and the field when the files disagree
     */
    public static LoadMetrics merge(List<LoadMetrics> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("need at least one metrics file to merge");
        }
        if (files.size() == 1) {
            return files.get(0);
        }
        Map<String, List<ScenarioMetrics>> byScenario = new LinkedHashMap<>();
        Map<ScenarioMetrics, String> injectorOf = new LinkedHashMap<>();
        for (LoadMetrics file : files) {
            for (ScenarioMetrics s : file.scenarios()) {
                byScenario.computeIfAbsent(s.scenario(), k -> new ArrayList<>()).add(s);
                injectorOf.put(s, file.injector());
            }
        }
        List<ScenarioMetrics> merged = new ArrayList<>();
        byScenario.forEach((name, parts) -> merged.add(mergeScenario(parts, injectorOf)));
        String injectors = files.stream().map(LoadMetrics::injector).collect(Collectors.joining("+"));
        return new LoadMetrics(LoadMetrics.VERSION, injectors, merged);
    }

    private static ScenarioMetrics mergeScenario(List<ScenarioMetrics> parts, Map<ScenarioMetrics, String> injectorOf) {
        ScenarioMetrics first = parts.get(0);
        Window window = first.window();
        double targetRps = 0;
        double achievedRps = 0;
        int users = 0;
        LinkedHashSet<String> endpoints = new LinkedHashSet<>();
        List<String> reasons = new ArrayList<>();
        Map<String, ModelMetrics> models = new LinkedHashMap<>();
        Map<String, NodeLoad> nodes = new LinkedHashMap<>();
        TimeSeries series = first.timeseries();
        IntegrationMetrics integration = first.integration();
        for (int i = 0; i < parts.size(); i++) {
            ScenarioMetrics part = parts.get(i);
            requireSame(first, "settings", first.settings(), part.settings());
            requireSame(first, "objectives", first.objectives(), part.objectives());
            requireSame(
                    first,
                    "injection.model",
                    first.injection().model(),
                    part.injection().model());
            requireSame(
                    first, "target.kind", first.target().kind(), part.target().kind());
            window = window.union(part.window());
            targetRps += part.injection().targetRps();
            achievedRps += part.injection().achievedRps();
            users += part.injection().users();
            endpoints.addAll(part.target().endpoints());
            part.reasons().forEach(r -> reasons.add(injectorOf.get(part) + ": " + r));
            part.models().forEach(m -> models.merge(m.model(), m, ModelMetrics::plus));
            // each injector's share of every node, added node by node: the fleet's balance is the merged one
            part.nodes().forEach(n -> nodes.merge(n.endpoint(), n, NodeLoad::plus));
            if (i > 0) {
                series = series == null || part.timeseries() == null
                        ? null
                        : plusSeries(first, series, part.timeseries());
                integration = integration == null || part.integration() == null
                        ? null
                        : plusIntegration(first, integration, part.integration());
            }
        }
        return new ScenarioMetrics(
                first.scenario(),
                reasons.isEmpty() ? Status.VALID : Status.INVALID,
                reasons,
                window,
                new Injection(first.injection().model(), targetRps, achievedRps, users),
                new Target(first.target().kind(), new ArrayList<>(endpoints)),
                first.settings(),
                first.objectives(),
                new ArrayList<>(models.values()),
                series,
                integration,
                new ArrayList<>(nodes.values()));
    }

    private static IntegrationMetrics plusIntegration(
            ScenarioMetrics scenario, IntegrationMetrics a, IntegrationMetrics b) {
        try {
            return a.plus(b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "scenario '" + scenario.scenario() + "' cannot merge: " + e.getMessage(), e);
        }
    }

    private static TimeSeries plusSeries(ScenarioMetrics scenario, TimeSeries a, TimeSeries b) {
        try {
            return a.plus(b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "scenario '" + scenario.scenario() + "' cannot merge: " + e.getMessage(), e);
        }
    }

    private static void requireSame(ScenarioMetrics a, String field, Object x, Object y) {
        if (!x.equals(y)) {
            throw new IllegalArgumentException("scenario '" + a.scenario() + "' cannot merge: '" + field
                    + "' differs between injectors: " + x + " vs " + y);
        }
    }
}
