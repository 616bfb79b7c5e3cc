package dev.ollamaperf.results;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one scenario measured, from one injector (or several, merged).
 *
 * @param scenario scenario name, the second part of metric names ({@code load.<scenario>...}); no dots or spaces
 * @param status the scenario's judgement of its own run
 * @param reasons why it is INVALID (e.g. {@code achieved 8.1 rps of target 10.0}); empty exactly when VALID
 * @param window measurement window
 * @param injection how load was injected
 * @param target what was driven
 * @param settings every setting that influenced the run, as strings
 * @param objectives latency objectives behind {@code counters.met_objectives}
 * @param models per model, at least one, model names unique
 * @param timeseries the scenario's requests over time (all models together), or {@code null} when the file has
 *     none (it is optional; files written before it existed still read). Its buckets must add up to the
 *     models' {@code ok}, failed requests and output tokens
 * @param integration what the integration itself added and used, when the load went through it with the direct
 *     path measured beside it ({@link IntegrationMetrics}), or {@code null}
 * @param nodes what each node served when the scenario spread its requests over a fleet ({@link NodeLoad}, in the
 *     order of {@code target.endpoints}); empty (and not written) for one node, so older files read as before
 */
public record ScenarioMetrics(
        String scenario,
        Status status,
        List<String> reasons,
        Window window,
        Injection injection,
        Target target,
        Map<String, String> settings,
        Objectives objectives,
        List<ModelMetrics> models,
        // optional: absent reads as null (FAIL_ON_MISSING_CREATOR_PROPERTIES would refuse a plain component), and
        // null is not written, so a file without a series looks exactly as before
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JacksonInject(value = "absent:timeseries", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        TimeSeries timeseries,
        // optional like timeseries: only scenarios that went through the integration have it
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JacksonInject(value = "absent:integration", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        IntegrationMetrics integration,
        // optional like timeseries: only a scenario against a fleet has it
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @JacksonInject(value = "absent:nodes", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        List<NodeLoad> nodes) {

    /** A scenario against one node. */
    public ScenarioMetrics(
            String scenario,
            Status status,
            List<String> reasons,
            Window window,
            Injection injection,
            Target target,
            Map<String, String> settings,
            Objectives objectives,
            List<ModelMetrics> models,
            TimeSeries timeseries,
            IntegrationMetrics integration) {
        this(
                scenario,
                status,
                reasons,
                window,
                injection,
                target,
                settings,
                objectives,
                models,
                timeseries,
                integration,
                List.of());
    }

    /** A scenario without a time series. */
    public ScenarioMetrics(
            String scenario,
            Status status,
            List<String> reasons,
            Window window,
            Injection injection,
            Target target,
            Map<String, String> settings,
            Objectives objectives,
            List<ModelMetrics> models) {
        this(scenario, status, reasons, window, injection, target, settings, objectives, models, null, null);
    }

    /** A scenario that did not go through the integration. */
    public ScenarioMetrics(
            String scenario,
            Status status,
            List<String> reasons,
            Window window,
            Injection injection,
            Target target,
            Map<String, String> settings,
            Objectives objectives,
            List<ModelMetrics> models,
            TimeSeries timeseries) {
        this(scenario, status, reasons, window, injection, target, settings, objectives, models, timeseries, null);
    }

    public ScenarioMetrics {
        Checks.nonBlank(scenario, "scenario");
        if (scenario.contains(".") || scenario.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                    "'scenario' must not contain dots or whitespace, got: '" + scenario + "'");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(injection, "injection");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(objectives, "objectives");
        reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
        settings = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(settings, "settings")));
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        if ((status == Status.INVALID) == reasons.isEmpty()) {
            throw new IllegalArgumentException("scenario '" + scenario + "' status " + status
                    + " needs 'reasons' exactly when INVALID, got: " + reasons);
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("scenario '" + scenario + "' 'models' must not be empty");
        }
        if (models.stream().map(ModelMetrics::model).distinct().count() != models.size()) {
            throw new IllegalArgumentException("scenario '" + scenario + "' lists a model twice");
        }
        if (timeseries != null) {
            requireSum(
                    scenario,
                    "ok",
                    timeseries.ok(),
                    models.stream().mapToLong(m -> m.counters().ok()).sum());
            requireSum(
                    scenario,
                    "errors",
                    timeseries.errors(),
                    models.stream().mapToLong(m -> m.counters().failed()).sum());
            requireSum(
                    scenario,
                    "output_tokens",
                    timeseries.outputTokens(),
                    models.stream().mapToLong(ModelMetrics::outputTokens).sum());
        }
    }

    /** Returns this scenario with another time series (or none). */
    public ScenarioMetrics withTimeseries(TimeSeries series) {
        return new ScenarioMetrics(
                scenario,
                status,
                reasons,
                window,
                injection,
                target,
                settings,
                objectives,
                models,
                series,
                integration,
                nodes);
    }

    /** Returns this scenario with the integration's measurements (or none). */
    public ScenarioMetrics withIntegration(IntegrationMetrics measured) {
        return new ScenarioMetrics(
                scenario,
                status,
                reasons,
                window,
                injection,
                target,
                settings,
                objectives,
                models,
                timeseries,
                measured,
                nodes);
    }

    /** Returns this scenario with what each node of the fleet served (empty: one node). */
    public ScenarioMetrics withNodes(List<NodeLoad> perNode) {
        return new ScenarioMetrics(
                scenario,
                status,
                reasons,
                window,
                injection,
                target,
                settings,
                objectives,
                models,
                timeseries,
                integration,
                perNode);
    }

    private static void requireSum(String scenario, String field, long series, long models) {
        if (series != models) {
            throw new IllegalArgumentException("scenario '" + scenario + "' 'timeseries.points[]." + field
                    + "' must add up to the models' total " + models + ", got: " + series);
        }
    }
}
