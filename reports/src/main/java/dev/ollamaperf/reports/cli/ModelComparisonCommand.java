package dev.ollamaperf.reports.cli;

import dev.ollamaperf.reports.gate.RunJudge;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.modelcomparison.ModelComparer;
import dev.ollamaperf.reports.modelcomparison.ModelComparison;
import dev.ollamaperf.reports.modelcomparison.ModelsJson;
import dev.ollamaperf.reports.modelcomparison.ModelsTable;
import dev.ollamaperf.reports.read.RunReader;
import dev.ollamaperf.reports.render.ReportFormat;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code compare-models RUN_DIR}: the models of a run's comparison scenario side by side, with
 * medians, 95% intervals and a ranking per metric; writes {@code models.json} and {@code index.html}.
 */
@Command(
        name = "compare-models",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        description = {
            "Compares the models of RUN_DIR's comparison scenario (written by ModelComparisonSimulation): per "
                    + "model the median TTFT, inter-token latency, output tokens/s and end-to-end latency with 95%% "
                    + "distribution-free intervals, a ranking per metric that marks models it cannot tell apart, load time and "
                    + "memory. Prints the rankings and writes RUN_DIR/models.json and RUN_DIR/index.html."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:compared",
            "1:compared, but the run is INVALID (e.g. a model was reloaded mid-comparison): see the warnings",
            "2:usage or configuration error (no such run, fewer than two models in the scenario)",
            "4:internal error"
        })
final class ModelComparisonCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run folder (environment.json, load/)")
    Path runDir;

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            defaultValue = ModelComparer.DEFAULT_SCENARIO,
            description = "the load scenario holding the comparison (default: ${DEFAULT-VALUE})")
    String scenario;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isDirectory(runDir)) {
            throw new InputException("run folder " + runDir + ": no such folder");
        }
        RunResult run = new RunReader().read(runDir);
        ModelComparison comparison = new ModelComparer().compare(run, scenario).orElseThrow(() -> {
            List<String> models = ModelComparer.models(run, scenario);
            return new InputException(
                    "run folder " + runDir + ": scenario '" + scenario + "' must have measured at least"
                            + " two models, got: " + (models.isEmpty() ? "no such scenario" : models));
        });
        PrintWriter out = spec.commandLine().getOut();
        ModelsTable.print(comparison, out);
        Path json = runDir.resolve("models.json");
        ModelsJson.write(comparison, json);
        Path page = ReportFormat.HTML.writeTo(runDir, new RunJudge().judge(run, null, null));
        out.println();
        out.println("Written: " + json.toAbsolutePath());
        out.println("         " + page.toAbsolutePath());
        out.flush();
        return run.status() == RunStatus.VALID ? 0 : 1;
    }
}
