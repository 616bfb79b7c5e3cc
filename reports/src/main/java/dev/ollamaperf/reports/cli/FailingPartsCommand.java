package dev.ollamaperf.reports.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.reports.format.FormatException;
import dev.ollamaperf.reports.gate.RerunPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code failing-parts RUN_DIR}: what to rerun to confirm the failed checks of a judged run. */
@Command(name = "failing-parts", mixinStandardHelpOptions = true, version = PerfReports.VERSION,
    description = {"Reads RUN_DIR/results.json (written by report) and prints what to rerun to confirm its failed "
        + "budget checks, one line each: 'checks N' (failed checks), 'jmh REGEX' (a --include regex of the failing "
        + "benchmark methods), 'load SCENARIO' (steady or arrival), 'unconfirmable WHY' (an invalid run, or a metric "
        + "no rerun measures). A run that did not fail prints 'checks 0'."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "2:no or malformed results.json"})
final class FailingPartsCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run folder that report has judged")
  Path runDir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Path file = runDir.resolve("results.json");
    if (!Files.isRegularFile(file)) {
      throw new InputException("run folder " + runDir + ": no results.json; run 'report " + runDir + "' first");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new FormatException(file + ": not JSON: " + e.getMessage(), e);
    }
    if (!"ollama-perf-results".equals(root.path("format").asText())) {
      throw new FormatException(file + ": 'format' must be 'ollama-perf-results', got: '" + root.path("format").asText() + "'", null);
    }
    List<String> failing = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    if ("FAIL".equals(root.path("verdict").path("outcome").asText())) {
      root.path("budgets").forEach(b -> {
        if ("FAIL".equals(b.path("outcome").asText())) {
          failing.add(b.path("metric").asText());
        }
      });
      if ("INVALID".equals(root.path("run").path("status").asText())) {
        root.path("run").path("reasons").forEach(r -> invalid.add(r.asText()));
        if (invalid.isEmpty()) {
          invalid.add("(no reason given)");
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    RerunPlan.of(failing, invalid).lines().forEach(out::println);
    out.flush();
    return 0;
  }
}
