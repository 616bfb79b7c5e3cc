package dev.ollamaperf.cli;

import dev.ollamaperf.reports.capacity.CapacityStep;
import dev.ollamaperf.reports.capacity.Knee;
import dev.ollamaperf.reports.capacity.StepReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
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
                                   [--repeat-budget auto|0|5m] [-Dollama.perf.NAME=VALUE ...]

      Sweeps load against one model (OLLAMA_ENDPOINT / OLLAMA_HOST, else the embedded emulator): users
      1, 2, 4, ... up to --max-level (or the --levels given), or with --sweep rate arrivals/s from --rate
      doubling; each step lasts --step and starts after the previous one drained. It stops escalating once
      the server is clearly saturated (errors, or latency growing while throughput does not). Then it finds
      the knee and the highest load meeting the objectives, fits a queueing model to the first steps and
      shows its prediction beside the measurement, and recommends OLLAMA_MAX_CONCURRENT, OLLAMA_NUM_PARALLEL,
      requests per minute per node, nodes for --target-rpm, and a memory plan for --memory. Writes
      capacity.json and capacity.html into the run folder (default target/perf/runs/<time>-capacity).
      Each step's throughput carries a 95% interval from its per-second answers; the knee is claimed only
      where throughput differences exceed that noise. When the noise hides it, the steps in doubt are
      measured again, round after round (<run>/repeat-N, added to the steps), while --repeat-budget lasts
      (auto, the default: as long as the sweep itself took; 0: never); then the knee is found or stays
      inconclusive, and OLLAMA_NUM_PARALLEL follows the slot evidence (slot-wait onset, configured slots).
      Objectives: --objective ttft.p95=1500ms, --objective e2e.p99=10s (repeatable), or the latency rules of
      --budgets. Stop rule and the other settings: load-tests/README.md; the analysis: reports/README.md.
      -Dollama.perf.workload=session sweeps chat users instead (a level: users holding conversations, or
      conversations arriving per second; -Dollama.perf.turns, thinkTime, systemPromptTokens: docs/workloads.md).

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
        if (OptionParser.parse("capacity", options, args, USAGE)) {
            context.out().print(USAGE);
            return ExitCode.PASS.code();
        }
        Path run = Context.absolute(
                options.run != null ? options.run : context.layout().runs().resolve(context.runName() + "-capacity"));
        LoadFlags flags = LoadFlags.none()
                .with("duration", options.step)
                .plus(options.loadFlags)
                .plus(OptionParser.settings("capacity", options.settings, OptionParser.LOAD_SETTING, USAGE));
        double stepSeconds = seconds("--step", options.step);
        double budgetSeconds =
                "auto".equals(options.repeatBudget) ? -1 : seconds("--repeat-budget", options.repeatBudget);
        List<String> analysis = new ArrayList<>(List.of("capacity", run.toString()));
        analysis.addAll(options.analysis());
        // the analysis's options (objectives, budget file, sizes) are refused before the sweep, not after it
        List<String> check = new ArrayList<>(analysis);
        check.add("--check-options");
        int checked = context.reports().run(check);
        if (checked != ExitCode.PASS.code()) {
            return checked;
        }
        long start = context.nanoClock().getAsLong();
        ProgressLines progress = new ProgressLines("capacity", 0, context.out(), context.nanoClock());
        int status = new Measurement(
                        "capacity",
                        run,
                        Scenario.CAPACITY_SIMULATION,
                        "capacity sweep, " + options.step + " per step",
                        flags,
                        List.of())
                .run(context);
        if (status == ExitCode.PASS.code()) {
            double swept = (context.nanoClock().getAsLong() - start) / 1e9;
            new Repeats(run, flags, stepSeconds, options.kneeShare(), progress)
                    .run(budgetSeconds < 0 ? swept : budgetSeconds, swept);
        } else if (status != ExitCode.INTERRUPTED.code() || !Files.isRegularFile(run.resolve("load/metrics.json"))) {
            return status;
        }
        progress.line("analysing " + run);
        int verdict = context.reports().run(analysis);
        return context.interrupts().interrupted() ? ExitCode.INTERRUPTED.code() : verdict;
    }

    /**
     * The repeat rounds: while the knee is inconclusive ({@link Knee#uncertainLevels()}) and the next round
     * fits the budget, the steps in doubt run again into {@code <run>/repeat-<n>} (the reports read them as
     * the same steps, longer). A round is estimated at its steps' length plus the sweep's own overhead per
     * step (start, warm-up, drains: what the sweep took beyond its steps' length).
     */
    private final class Repeats {
        private final Path run;
        private final LoadFlags flags;
        private final double stepSeconds;
        private final double share;
        private final ProgressLines progress;

        Repeats(Path run, LoadFlags flags, double stepSeconds, double share, ProgressLines progress) {
            this.run = run;
            this.flags = flags;
            this.stepSeconds = stepSeconds;
            this.share = share;
            this.progress = progress;
        }

        void run(double budgetSeconds, double sweptSeconds) throws Exception {
            List<CapacityStep> first = steps();
            if (first.isEmpty()) {
                return; // nothing to judge: the analysis says why
            }
            double overhead = Math.max(0, sweptSeconds - first.size() * stepSeconds) / first.size();
            double spent = 0;
            for (int round = 1; !context.interrupts().interrupted(); round++) {
                Knee knee = Knee.find(round == 1 ? first : steps(), share);
                if (knee.conclusive()) {
                    if (round > 1) {
                        progress.line("knee " + knee.verdict().text() + " after " + (round - 1) + " repeat round"
                                + (round > 2 ? "s" : "") + ": " + knee.basis());
                    }
                    return;
                }
                List<Double> levels = knee.uncertainLevels();
                double estimate = levels.size() * (stepSeconds + overhead);
                if (spent + estimate > budgetSeconds) {
                    progress.line(String.format(
                            Locale.ROOT,
                            "knee inconclusive; repeating %d steps (about %.0f s) would"
                                    + " exceed the repeat budget (%.0f of %.0f s left): %s",
                            levels.size(),
                            estimate,
                            Math.max(0, budgetSeconds - spent),
                            budgetSeconds,
                            knee.basis()));
                    return;
                }
                String joined = levels.stream().map(CapacityCommand::plain).collect(Collectors.joining(","));
                progress.line(String.format(
                        Locale.ROOT,
                        "knee inconclusive: repeat round %d of levels %s (about %.0f s,"
                                + " %.0f of %.0f s budget left)",
                        round,
                        joined,
                        estimate,
                        budgetSeconds - spent,
                        budgetSeconds));
                long start = context.nanoClock().getAsLong();
                // the levels given, and the stop rule's longest patience: these steps are not an escalation
                int status = new Measurement(
                                "capacity",
                                run.resolve(StepReader.REPEAT_PREFIX + round),
                                Scenario.CAPACITY_SIMULATION,
                                "repeat round " + round + ", levels " + joined,
                                flags.with("levels", joined).with("stop.patience", "10"),
                                List.of())
                        .run(context);
                spent += (context.nanoClock().getAsLong() - start) / 1e9;
                if (status != ExitCode.PASS.code()) {
                    return;
                }
            }
        }

        private List<CapacityStep> steps() {
            try {
                return new StepReader().read(run, Map.of());
            } catch (RuntimeException e) {
                return List.of(); // a malformed file: the analysis reports it
            }
        }
    }

    private static String plain(double level) {
        return java.math.BigDecimal.valueOf(level).stripTrailingZeros().toPlainString();
    }

    /** Seconds of {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code PT30S} or {@code 0}. */
    static double seconds(String option, String value) {
        String v = value.trim();
        try {
            if (v.equals("0")) {
                return 0;
            }
            if (v.toUpperCase(Locale.ROOT).startsWith("PT")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT)).toMillis() / 1000.0;
            }
            if (v.endsWith("ms")) {
                return Long.parseLong(v.substring(0, v.length() - 2)) / 1000.0;
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 's':
                    return amount;
                case 'm':
                    return amount * 60.0;
                case 'h':
                    return amount * 3600.0;
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // the message below
        }
        throw new UsageException("'" + option + "' must be a duration such as 30s, 500ms, 2m or PT30S"
                + ("--repeat-budget".equals(option) ? ", or auto or 0" : "") + ", got: " + value);
    }

    /**
     * The options: the load settings become {@code -Dollama.perf.*} flags in the order given; the analysis
     * options go to the reports' {@code capacity} as they came.
     */
    @Command(name = "capacity")
    static final class CapacityOptions {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true)
        boolean help;

        @Option(names = "--run", paramLabel = "DIR")
        Path run;

        @Option(names = "--step", paramLabel = "30s")
        String step = "30s";

        @Option(names = "-D", paramLabel = "ollama.perf.NAME=VALUE")
        List<String> settings = new ArrayList<>();

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
            load(
                    "emulatorProfiles",
                    file == null ? null : Context.absolute(file).toString());
        }

        @Option(names = "--budgets", paramLabel = "FILE")
        Path budgets;

        @Option(names = "--objective", paramLabel = "LATENCY.STAT=LIMIT")
        List<String> objectives = new ArrayList<>();

        @Option(names = "--target-rpm", paramLabel = "N")
        String targetRpm;

        @Option(names = "--memory", paramLabel = "SIZE")
        String memory;

        @Option(names = "--kv-cache-type", paramLabel = "TYPE")
        String kvCacheType;

        @Option(names = "--num-parallel", paramLabel = "N")
        String numParallel;

        @Option(names = "--context", paramLabel = "TOKENS")
        String contextTokens;

        @Option(names = "--knee-share", paramLabel = "SHARE")
        String kneeShare;

        @Option(names = "--fit-points", paramLabel = "N")
        String fitPoints;

        @Option(names = "--max-error-ratio", paramLabel = "RATIO")
        String maxErrorRatio;

        @Option(names = "--repeat-budget", paramLabel = "auto|0|DURATION")
        String repeatBudget = "auto";

        /** The knee share the repeat rounds judge by: the analysis's (its default when absent or malformed). */
        double kneeShare() {
            try {
                double share = kneeShare == null ? Knee.DEFAULT_SHARE : Double.parseDouble(kneeShare);
                return share > 0 && share <= 1 ? share : Knee.DEFAULT_SHARE;
            } catch (NumberFormatException e) {
                return Knee.DEFAULT_SHARE; // the analysis rejects it, with its message
            }
        }

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
