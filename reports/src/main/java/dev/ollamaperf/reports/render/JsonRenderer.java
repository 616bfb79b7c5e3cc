package dev.ollamaperf.reports.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.ollamaperf.reports.budget.BudgetResult;
import dev.ollamaperf.reports.budget.BudgetRule;
import dev.ollamaperf.reports.compare.Comparison;
import dev.ollamaperf.reports.compare.Delta;
import dev.ollamaperf.reports.compare.MetricComparison;
import dev.ollamaperf.reports.gate.GateVerdict;
import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.power.Detectable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code results.json}: {@code format}, {@code version}, {@code run}, {@code verdict}, {@code environment},
 * {@code metrics}, {@code budgets}, {@code comparison}, {@code power}. Numbers are JSON numbers as Java prints doubles
 * (locale-free); optional fields are {@code null}, never left out, so the shape is fixed.
 */
final class JsonRenderer implements Renderer {

    private final JsonFactory factory = new JsonFactory();

    @Override
    public void render(Report report, Writer out) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        try (JsonGenerator g = factory.createGenerator(out).setPrettyPrinter(printer)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("format", "ollama-perf-results");
            g.writeNumberField("version", 1);
            run(g, report.run());
            verdict(g, report.verdict());
            g.writeObjectFieldStart("environment");
            for (Map.Entry<String, String> e : report.run().environment().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("metrics");
            for (Metric m : report.run().metrics()) {
                metric(g, m);
            }
            g.writeEndArray();
            g.writeStringField("budget_file", report.budgetFile());
            g.writeArrayFieldStart("budgets");
            for (BudgetResult r : report.budgets()) {
                budget(g, r);
            }
            g.writeEndArray();
            comparison(g, report.comparison());
            g.writeArrayFieldStart("power");
            for (Detectable d : report.power()) {
                power(g, d);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write("\n");
    }

    private static void run(JsonGenerator g, RunResult run) throws IOException {
        g.writeObjectFieldStart("run");
        g.writeStringField("id", run.runId());
        g.writeStringField("timestamp", run.timestamp().toString());
        g.writeStringField("status", run.status().name());
        strings(g, "reasons", run.reasons());
        g.writeEndObject();
    }

    private static void verdict(JsonGenerator g, GateVerdict verdict) throws IOException {
        g.writeObjectFieldStart("verdict");
        g.writeStringField("outcome", verdict.outcome().name());
        g.writeNumberField("exit_code", verdict.exitCode());
        strings(g, "reasons", verdict.reasons());
        strings(g, "warnings", verdict.warnings());
        g.writeEndObject();
    }

    private static void metric(JsonGenerator g, Metric m) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", m.name());
        g.writeStringField("unit", m.unit().symbol());
        g.writeStringField("direction", m.direction().name());
        g.writeStringField("statistic", m.statistic().code());
        g.writeNumberField("value", m.value());
        interval(g, "interval", m.uncertainty());
        g.writeNumberField("samples", m.samples());
        g.writeStringField("source", m.source());
        if (m.histogram() == null) {
            g.writeNullField("histogram");
        } else {
            g.writeObjectFieldStart("histogram");
            g.writeStringField("unit", m.histogram().unit().symbol());
            g.writeStringField("hdr", m.histogram().base64());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void budget(JsonGenerator g, BudgetResult r) throws IOException {
        BudgetRule rule = r.rule();
        g.writeStartObject();
        g.writeStringField("metric", r.metric());
        g.writeStringField("check", r.check().name());
        g.writeStringField("outcome", r.outcome().name());
        g.writeStringField("message", r.message());
        g.writeObjectFieldStart("rule");
        g.writeStringField("select", rule.selector().pattern());
        g.writeStringField("limit", rule.limit() == null ? null : rule.limit().toString());
        if (rule.tolerance() == null) {
            g.writeNullField("tolerance");
        } else {
            g.writeNumberField("tolerance", rule.tolerance());
        }
        g.writeStringField("severity", rule.severity().name().toLowerCase(Locale.ROOT));
        g.writeStringField("reason", rule.reason());
        g.writeNumberField("line", rule.line());
        g.writeEndObject();
        g.writeEndObject();
    }

    /** One budgeted metric's detectable regression (docs/reports-formats.md, "power"). */
    private static void power(JsonGenerator g, Detectable d) throws IOException {
        g.writeStartObject();
        g.writeStringField("metric", d.metric());
        g.writeStringField("unit", d.unit().symbol());
        g.writeStringField("direction", d.direction().name());
        g.writeNumberField("value", d.value());
        nullableNumber(g, "mdr", Double.isNaN(d.mdr()) ? null : d.mdr());
        nullableNumber(g, "mdr_relative", Double.isNaN(d.relative()) ? null : d.relative());
        nullableNumber(g, "noise_sd", d.knownNoise().map(n -> n.sigma()).orElse(null));
        g.writeStringField(
                "noise_source", d.knownNoise().map(n -> n.source().name()).orElse(null));
        g.writeNumberField("noise_runs", d.knownNoise().map(n -> n.runs()).orElse(0));
        nullableNumber(g, "tolerance", d.tolerance());
        g.writeStringField("limit", d.limit() == null ? null : d.limit().toString());
        // JSON has no infinity: an exact metric's headroom is null with limit_exact true
        nullableNumber(g, "headroom_sd", Double.isFinite(d.headroom()) ? d.headroom() : null);
        g.writeBooleanField("limit_exact", Double.isInfinite(d.headroom()));
        g.writeEndObject();
    }

    private static void comparison(JsonGenerator g, Comparison comparison) throws IOException {
        if (comparison == null) {
            g.writeNullField("comparison");
            return;
        }
        g.writeObjectFieldStart("comparison");
        g.writeStringField("baseline", comparison.baselineRunId());
        g.writeArrayFieldStart("metrics");
        for (MetricComparison c : comparison.metrics()) {
            g.writeStartObject();
            g.writeStringField("name", c.name());
            g.writeStringField("change", c.change().name());
            nullableNumber(
                    g, "baseline", c.baseline() == null ? null : c.baseline().value());
            nullableNumber(
                    g, "current", c.current() == null ? null : c.current().value());
            Delta d = c.delta();
            nullableNumber(g, "delta", d == null ? null : d.absolute());
            interval(g, "delta_interval", d == null ? null : d.interval());
            nullableNumber(g, "relative", d == null ? null : d.relative());
            g.writeNumberField("tolerance", c.tolerance());
            g.writeStringField("explanation", c.explanation());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void interval(JsonGenerator g, String field, Interval i) throws IOException {
        if (i == null) {
            g.writeNullField(field);
            return;
        }
        g.writeObjectFieldStart(field);
        g.writeNumberField("low", i.low());
        g.writeNumberField("high", i.high());
        g.writeNumberField("confidence", i.confidence());
        g.writeEndObject();
    }

    private static void nullableNumber(JsonGenerator g, String field, Double value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, value);
        }
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
