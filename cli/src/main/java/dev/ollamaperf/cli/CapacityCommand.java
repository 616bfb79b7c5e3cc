package dev.ollamaperf.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code perf capacity}: the capacity sweep ({@code CapacitySimulation}) against one model, then the reports'
 * capacity analysis of it ({@link Measurement}).
 */
final class CapacityCommand implements Subcommand {

  static final String USAGE = """
      Usage: scripts/perf capacity [--model NAME] [--levels 1,2,4,8 | --max-level 32] [--sweep concurrency|rate]
                                   [--rate R] [--step 30s] [--run DIR] [--emulator-profile FILE]
                                   [--objective LATENCY.STAT=LIMIT ...] [--budgets FILE] [--target-rpm N]
                                   [--memory 24GiB] [--kv-cache-type f16|q8_0|q4_0] [--num-parallel N]
                                   [-Dollama.perf.NAME=VALUE ...]

      Sweeps load against one model (OLLAMA_ENDPOINT / OLLAMA_HOST, else the embedded emulator): users
      1, 2, 4, ... up to --max-level (or the --levels given), or with --sweep rate arrivals/s from --rate
      doubling; each step lasts --step and starts after the previous one drained. It stops escalating once
      the server is clearly saturated (errors, or latency growing while throughput does not). Then it finds
      the knee and the highest load meeting the objectives, fits a queueing model to the first steps and
      shows its prediction beside the measurement, and recommends OLLAMA_MAX_CONCURRENT, OLLAMA_NUM_PARALLEL,
      requests per minute per node, nodes for --target-rpm, and a memory plan for --memory. Writes
      capacity.json and capacity.html into the run folder (default target/perf/runs/<time>-capacity).
      Objectives: --objective ttft.p95=1500ms, --objective e2e.p99=10s (repeatable), or the latency rules of
      --budgets. Stop rule and the other settings: load-tests/README.md; the analysis: reports/README.md.

      Exit codes: 0 done, 2 usage or configuration error, 3 target unreachable or the model missing,
      4 internal error, 130 interrupted (the steps measured so far are analysed).
      """;

  private final Context context;

  CapacityCommand(Context context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  @Override
  public int run(List<String> args) throws Exception {
    CapacityOptions options = new CapacityOptions();
    if (Options.parse("capacity", options, args, USAGE)) {
      context.out().print(USAGE);
      return ExitCode.PASS.code();
    }
    Path run = Context.absolute(options.run != null ? options.run
        : context.layout().runs().resolve(context.runName() + "-capacity"));
    LoadFlags flags = LoadFlags.none().with("duration", options.step).plus(options.loadFlags)
        .plus(Options.settings("capacity", options.settings, Options.LOAD_SETTING, USAGE));
    List<String> analysis = new ArrayList<>(List.of("capacity", run.toString()));
    analysis.addAll(options.analysis());
    return new Measurement("capacity", run, Scenario.CAPACITY_SIMULATION, "capacity sweep, " + options.step
        + " per step", flags, analysis).run(context);
  }

  /**
   * The options: the load settings become {@code -Dollama.perf.*} flags in the order given; the analysis
   * options go to the reports' {@code capacity} as they came.
   */
  @Command(name = "capacity")
  static final class CapacityOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true) boolean help;
    @Option(names = "--run", paramLabel = "DIR") Path run;
    @Option(names = "--step", paramLabel = "30s") String step = "30s";
    @Option(names = "-D", paramLabel = "ollama.perf.NAME=VALUE") List<String> settings = new ArrayList<>();
    final List<String> loadFlags = new ArrayList<>();

    @Option(names = "--model", paramLabel = "NAME")
    void model(String value) {
      load("models", value);
    }

    @Option(names = "--levels", paramLabel = "1,2,4,8")
    void levels(String value) {
      load("levels", value);
    }

    @Option(names = "--max-level", paramLabel = "N")
    void maxLevel(String value) {
      load("maxLevel", value);
    }

    @Option(names = "--sweep", paramLabel = "concurrency|rate")
    void sweep(String value) {
      load("sweep", value);
    }

    @Option(names = "--rate", paramLabel = "R")
    void rate(String value) {
      load("rate", value);
    }

    @Option(names = "--emulator-profile", paramLabel = "FILE")
    void emulatorProfile(Path file) {
      load("emulatorProfiles", file == null ? null : Context.absolute(file).toString());
    }

    @Option(names = "--budgets", paramLabel = "FILE") Path budgets;
    @Option(names = "--objective", paramLabel = "LATENCY.STAT=LIMIT") List<String> objectives = new ArrayList<>();
    @Option(names = "--target-rpm", paramLabel = "N") String targetRpm;
    @Option(names = "--memory", paramLabel = "SIZE") String memory;
    @Option(names = "--kv-cache-type", paramLabel = "TYPE") String kvCacheType;
    @Option(names = "--num-parallel", paramLabel = "N") String numParallel;
    @Option(names = "--context", paramLabel = "TOKENS") String contextTokens;
    @Option(names = "--knee-share", paramLabel = "SHARE") String kneeShare;
    @Option(names = "--fit-points", paramLabel = "N") String fitPoints;
    @Option(names = "--max-error-ratio", paramLabel = "RATIO") String maxErrorRatio;

    /** The reports' capacity options given here, passed on as they came (the reports check them). */
    List<String> analysis() {
      List<String> args = new ArrayList<>();
      if (budgets != null) {
        args.addAll(List.of("--budgets", Context.absolute(budgets).toString()));
      }
      objectives.forEach(objective -> args.addAll(List.of("--objective", objective)));
      Map<String, String> single = new LinkedHashMap<>();
      single.put("--target-rpm", targetRpm);
      single.put("--memory", memory);
      single.put("--kv-cache-type", kvCacheType);
      single.put("--num-parallel", numParallel);
      single.put("--context", contextTokens);
      single.put("--knee-share", kneeShare);
      single.put("--fit-points", fitPoints);
      single.put("--max-error-ratio", maxErrorRatio);
      single.forEach((option, value) -> {
        if (value != null) {
          args.addAll(List.of(option, value));
        }
      });
      return args;
    }

    private void load(String setting, String value) {
      if (value == null) {
        return; // picocli resets options before parsing
      }
      loadFlags.add("-D" + LoadFlags.PREFIX + setting + "=" + value);
    }
  }
}
