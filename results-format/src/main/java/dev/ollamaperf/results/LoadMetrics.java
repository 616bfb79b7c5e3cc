package dev.ollamaperf.results;

import java.util.List;
import java.util.Objects;

/**
 * The root of {@code <run>/load/metrics.json}: what one injector measured, scenario by scenario.
 * Several injectors write one file each ({@code metrics.json}, {@code metrics-<injector>.json}); the
 * reader merges them with {@link LoadMetricsMerger}.
 *
 * @param version format version, 1
 * @param injector name of the injector that wrote the file (host name or an id), non-blank
 * @param scenarios at least one, names unique
 */
public record LoadMetrics(int version, String injector, List<ScenarioMetrics> scenarios) {

    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    public LoadMetrics {
        Checks.version(version, "metrics.json");
        Checks.nonBlank(injector, "injector");
        scenarios = List.copyOf(Objects.requireNonNull(scenarios, "scenarios"));
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("'scenarios' must not be empty");
        }
        if (scenarios.stream().map(ScenarioMetrics::scenario).distinct().count() != scenarios.size()) {
            throw new IllegalArgumentException("'scenarios' lists a scenario name twice");
        }
    }
}
