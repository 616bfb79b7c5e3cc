package dev.ollamaperf.reports.cli;

import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetParser;
import dev.ollamaperf.reports.capacity.BudgetObjectives;
import dev.ollamaperf.reports.capacity.Bytes;
import dev.ollamaperf.reports.capacity.CapacityAnalysis;
import dev.ollamaperf.reports.capacity.CapacityAnalyzer;
import dev.ollamaperf.reports.capacity.CapacityJson;
import dev.ollamaperf.reports.capacity.CapacityOptions;
import dev.ollamaperf.reports.capacity.CapacityText;
import dev.ollamaperf.reports.capacity.KvCacheType;
import dev.ollamaperf.reports.capacity.Objective;
import dev.ollamaperf.reports.render.CapacityPage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capacity RUN_DIR}: analyses a capacity sweep, prints the plan and writes capacity.json. */
@Command(
        name = "capacity",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        description = {
            "Analyses the capacity sweep in RUN_DIR (scenarios capacity_c<users> or capacity_r<rate>): per step "
                    + "throughput, tokens/s, TTFT, e2e, slot wait, errors, memory; the knee; the highest load meeting the "
                    + "objectives; a queueing model's prediction beside the measurement; OLLAMA_MAX_CONCURRENT, "
                    + "OLLAMA_NUM_PARALLEL, requests per minute per node, nodes for a target; a memory plan. Writes "
                    + "RUN_DIR/capacity.json and RUN_DIR/capacity.html."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:analysed",
            "2:usage or configuration error (no capacity steps, bad option, malformed file)",
            "4:internal error"
        })
final class CapacityAnalysisCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run folder of a CapacitySimulation run")
    Path runDir;

    @Option(
            names = "--objective",
            paramLabel = "LATENCY.STAT=LIMIT",
            description = "e.g. ttft.p95=1500ms, "
                    + "e2e.p99=10s (repeatable; latencies ttft, ttft_server, inter_token, e2e, slot_wait, queue_wait)")
    List<String> objectives = new ArrayList<>();

    @Option(
            names = "--budgets",
            paramLabel = "FILE",
            description = "take latency objectives from this budget file's "
                    + "rules that end in .<latency>.<p50|p90|p95|p99|max> with a <= limit (added to --objective)")
    Path budgets;

    @Option(
            names = "--max-error-ratio",
            paramLabel = "RATIO",
            defaultValue = "0.01",
            description = "failed/sent a step may have and still count (default ${DEFAULT-VALUE})")
    double maxErrorRatio;

    @Option(
            names = "--target-rpm",
            paramLabel = "N",
            defaultValue = "0",
            description = "requests per minute to plan nodes for")
    double targetRpm;

    @Option(names = "--memory", paramLabel = "SIZE", description = "RAM/VRAM the models must fit in, e.g. 24GiB")
    String memory;

    @Option(
            names = "--kv-cache-type",
            paramLabel = "TYPE",
            defaultValue = "f16",
            description = "OLLAMA_KV_CACHE_TYPE to plan for: f16, q8_0 or q4_0 (default ${DEFAULT-VALUE})")
    String kvCacheType;

    @Option(
            names = "--num-parallel",
            paramLabel = "N",
            defaultValue = "0",
            description = "the server's OLLAMA_NUM_PARALLEL during the sweep, when the run did not record it")
    int numParallel;

    @Option(
            names = "--context",
            paramLabel = "TOKENS",
            defaultValue = "4096",
            description = "num_ctx for models whose context /api/ps did not report (default ${DEFAULT-VALUE})")
    long context;

    @Option(
            names = "--knee-share",
            paramLabel = "SHARE",
            defaultValue = "0.9",
            description = "the knee is the first "
                    + "step reaching this share of the highest throughput (default ${DEFAULT-VALUE})")
    double kneeShare;

    @Option(
            names = "--fit-points",
            paramLabel = "N",
            defaultValue = "3",
            description = "steps the queueing model is fitted on (default ${DEFAULT-VALUE})")
    int fitPoints;

    @Option(
            names = "--check-options",
            description = "only check the options (objectives, the budget file, sizes) and exit 0 or 2; RUN_DIR need"
                    + " not exist yet (perf capacity does this before its sweep)")
    boolean checkOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (checkOptions) {
            options();
            return 0;
        }
        if (!Files.isDirectory(runDir)) {
            throw new InputException("run folder " + runDir + ": no such folder");
        }
        CapacityAnalysis analysis;
        try {
            analysis = new CapacityAnalyzer().analyse(runDir, options());
        } catch (IllegalArgumentException e) {
            throw new InputException(runDir + ": cannot analyse the sweep: " + e.getMessage());
        }
        Path file = runDir.resolve("capacity.json");
        CapacityJson.write(analysis, file);
        CapacityPage.write(analysis, runDir.resolve("capacity.html"));
        PrintWriter out = spec.commandLine().getOut();
        CapacityText.print(analysis, out);
        out.println();
        out.println("Written: " + file + ", " + runDir.resolve("capacity.html"));
        out.flush();
        return 0;
    }

    private CapacityOptions options() {
        try {
            List<Objective> parsed = new ArrayList<>();
            for (String text : objectives) {
                parsed.add(Objective.parse(text));
            }
            if (budgets != null) {
                BudgetFile file = new BudgetParser().parse(budgets);
                BudgetObjectives.from(file).stream()
                        .filter(o -> !parsed.contains(o))
                        .forEach(parsed::add);
            }
            return new CapacityOptions(
                    parsed,
                    maxErrorRatio,
                    targetRpm,
                    memory == null ? 0 : Bytes.parse(memory),
                    KvCacheType.fromSetting(kvCacheType),
                    numParallel,
                    context,
                    kneeShare,
                    fitPoints);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
    }
}
