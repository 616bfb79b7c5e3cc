package dev.ollamaperf.reports.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.reports.format.FormatException;
import dev.ollamaperf.reports.model.Dimension;
import dev.ollamaperf.reports.model.Direction;
import dev.ollamaperf.reports.model.Interval;
import dev.ollamaperf.reports.model.Metric;
import dev.ollamaperf.reports.model.Statistic;
import dev.ollamaperf.reports.model.Unit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads JMH's JSON result file ({@code -rf json}, here {@code <run>/jmh/results.json}).
 *
 * <p>Names: {@code jmh.<SimpleClass>.<method>[p1=v1,p2=v2]} followed by {@code .time} for the primary
 * metric of the time modes ({@code avgt}, {@code sample}, {@code ss}), {@code .thrpt} for throughput mode
 * (so a benchmark run in both modes keeps two distinct names), and {@code .alloc} for
 * {@code gc.alloc.rate.norm} (B/op, from {@code -prof gc}); parameters in the file's order, the bracket
 * left out when there are none. Direction follows the unit (ops per time: higher is better; time per
 * op: lower is better). The interval is JMH's {@code scoreConfidence} at 99.9% (JMH's default); JMH
 * writes {@code "NaN"} when it could not compute one (a single iteration), and the metric then has none.
 */
public final class JmhReader {

  /** JMH's confidence level for {@code scoreError}/{@code scoreConfidence}. */
  public static final double JMH_CONFIDENCE = 0.999;

  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * Reads the file.
   *
   * @throws FormatException naming the file (and the benchmark) when the file is not JMH's format
   */
  public List<Metric> read(Path file) {
    JsonNode root;
    try {
      root = mapper.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new FormatException(file + ":" + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new FormatException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new FormatException(file + ": JMH results must be a JSON array of benchmark results", null);
    }
    List<Metric> metrics = new ArrayList<>();
    for (JsonNode result : root) {
      String benchmark = text(result, "benchmark", file, "?");
      try {
        metrics.addAll(readResult(result, benchmark, file));
      } catch (IllegalArgumentException e) {
        throw new FormatException(file + ": benchmark '" + benchmark + "': " + e.getMessage(), e);
      }
    }
    return metrics;
  }

  private List<Metric> readResult(JsonNode result, String benchmark, Path file) {
    String mode = text(result, "mode", file, benchmark);
    String base = "jmh." + simpleName(benchmark) + params(result.path("params"));
    List<Metric> metrics = new ArrayList<>();
    JsonNode primary = result.path("primaryMetric");
    if (primary.isMissingNode()) {
      throw new IllegalArgumentException("has no 'primaryMetric'");
    }
    String suffix = mode.equals("thrpt") ? ".thrpt" : ".time";
    metrics.add(metric(base + suffix, primary, directionOf(primary)));
    JsonNode alloc = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
    if (!alloc.isMissingNode()) {
      metrics.add(metric(base + ".alloc", alloc, Direction.LOWER_IS_BETTER));
    }
    return metrics;
  }

  private static Metric metric(String name, JsonNode node, Direction direction) {
    Unit unit = Unit.parse(node.path("scoreUnit").asText());
    double score = number(node.path("score"));
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("metric '" + name + "' score must be a finite number, got: " + node.path("score"));
    }
    JsonNode confidence = node.path("scoreConfidence");
    Interval interval = null;
    if (confidence.isArray() && confidence.size() == 2) {
      double low = number(confidence.get(0));
      double high = number(confidence.get(1));
      if (Double.isFinite(low) && Double.isFinite(high)) {
        interval = new Interval(Math.min(low, high), Math.max(low, high), JMH_CONFIDENCE);
      }
    }
    long samples = 0;
    for (JsonNode fork : node.path("rawData")) {
      samples += fork.size();
    }
    return new Metric(name, unit, direction, score, interval, samples, Statistic.SCORE, null, "jmh");
  }

  private static Direction directionOf(JsonNode primary) {
    Unit unit = Unit.parse(primary.path("scoreUnit").asText());
    if (unit.dimension() == Dimension.OPS_RATE) {
      return Direction.HIGHER_IS_BETTER;
    }
    if (unit.dimension() == Dimension.TIME_PER_OP) {
      return Direction.LOWER_IS_BETTER;
    }
    throw new IllegalArgumentException("primary metric unit '" + unit + "' must be ops per time or time per op");
  }

  /** JMH writes NaN and infinities as the strings "NaN", "+INF", "-INF". */
  private static double number(JsonNode node) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    return Double.NaN;
  }

  static String simpleName(String benchmark) {
    String[] parts = benchmark.split("\\.");
    if (parts.length < 2) {
      throw new IllegalArgumentException("benchmark name must be <class>.<method>, got: " + benchmark);
    }
    return parts[parts.length - 2] + "." + parts[parts.length - 1];
  }

  private static String params(JsonNode params) {
    if (params.isMissingNode() || params.isEmpty()) {
      return "";
    }
    StringJoiner joiner = new StringJoiner(",", "[", "]");
    Iterator<Map.Entry<String, JsonNode>> fields = params.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      // Metric names carry no whitespace; a parameter value with spaces keeps its shape with underscores.
      joiner.add(e.getKey() + "=" + e.getValue().asText().replaceAll("\\s", "_"));
    }
    return joiner.toString();
  }

  private static String text(JsonNode node, String field, Path file, String benchmark) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new FormatException(file + ": benchmark '" + benchmark + "': field '" + field + "' must be a non-blank string", null);
    }
    return value.asText();
  }
}
