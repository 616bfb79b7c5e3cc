package dev.ollamaperf.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code perf gate}: parses the options into {@link GateSettings} and runs the {@link Gate}. */
final class GateCommand implements Subcommand {

    static final String USAGE = """
      Usage: scripts/perf gate [--run DIR] [--budgets FILE] [--baseline RUN|results.json|history]
                               [--history DB | --no-history] [--duration 20s] [--model NAME]
                               [--emulator-profile FILE] [--bench-mode quick|full|smoke] [--bench-include REGEX]
                               [--confirm N] [--ci github|gitlab|plain|auto] [--scenarios steady,arrival,cache]
                               [--sensitivity 10%]
                               [-Dollama.perf.NAME=VALUE ...]

      Runs, into one run folder: environment.json; a check that the load target answers and has the model
      (seconds, before anything long); the JMH suite (quick mode: about 3 min); the load scenarios for
      --duration each against OLLAMA_ENDPOINT / OLLAMA_HOST, or the embedded emulator when neither is set:
      steady (10 users) and arrival rate (1/s), each paired (requests alternate between the integration,
      the gateway in its own JVM with the application's settings from the environment, and the direct path,
      so the report has what the integration adds in latency and memory), and cache (repeated deterministic
      requests through the integration); then judges the run against the budgets (perf-budgets.yaml at
      the project root unless --budgets) and the baseline (the history of earlier runs on this machine
      unless --baseline), writes index.html, summary.md, results.json and junit.xml, and appends to the
      history (target/perf/history.db unless --history). Ctrl-C stops the current step and still reports
      what was measured. A target that stops answering during a load step ends the gate with exit 3 after
      a report of what was measured, marked INVALID (the history keeps it, never as a baseline).

        --model NAME             the model the load drives (default: OLLAMA_DEFAULT_MODEL, else llama3.2:latest)
        --emulator-profile FILE  the embedded emulator's models and speeds from FILE (emulator/README.md's
                                 profile format), e.g. a profile calibrated to your production Ollama, so CI
                                 behaves like production; it must hold --model's model (the gate says which
                                 it holds). Only without OLLAMA_ENDPOINT / OLLAMA_HOST.
        --bench-mode MODE        the JMH preset: quick (default), full (three forks, real measurements) or
                                 smoke (every benchmark once, in seconds: proves they run, measures nothing)
        --bench-include REGEX    only the JMH benchmarks matching REGEX (default: the whole suite)
        --confirm N              when budget checks fail, rerun the benchmarks and load scenarios they measured
                                 (into RUN/confirm-1, ...) and fail only if the reruns fail them too; a check a
                                 rerun passes becomes a warning. N rounds at most; 0 turns it off (default: 1).
                                 Nothing is rerun when a failure cannot be confirmed (an invalid run, a server
                                 metric); Ctrl-C during a rerun keeps the first verdict.
        --ci SYSTEM              also write what the CI system shows (cli/README.md): github (job summary,
                                 an annotation at the budget file's line per failing check, step outputs
                                 verdict, exit-code, report, summary), gitlab (RUN/gl-code-quality-report.json,
                                 RUN/perf.env), plain (nothing more). Default auto: github when
                                 GITHUB_ACTIONS=true, gitlab when GITLAB_CI=true, else plain. Never changes
                                 the exit code.
        --scenarios LIST         the load scenarios to run, comma-separated, of steady, arrival, cache, fallback,
                                 session (default: steady,arrival,cache); budgets about a scenario that did not
                                 run are not checked
        --sensitivity PCT        size the scenarios' length so that every budgeted load metric can show a regression
                                 of PCT of its value (of its limit, for a rule with a limit and no tolerance; 80%
                                 power, 1% false alarms; docs/power.md), from the spread of at least 5 earlier gate
                                 runs on this machine in the history; every scenario then
                                 runs the longest length any metric needs (this replaces --duration). When a metric
                                 cannot reach PCT within the gate's 10 minutes, or the history is too short to tell,
                                 the gate says which, and what it can reach, and exits 2 before any load. Every
                                 report lists what the gate detects per budgeted metric, with or without this.
        -Dollama.perf.NAME=VALUE any load setting (load-tests/README.md), for every scenario; e.g.
                                 -Dollama.perf.mode=direct leaves the integration out,
                                 -Dollama.perf.integration.env.OLLAMA_MAX_CONCURRENT=3 tries another setting,
                                 -Dollama.perf.workload=session has steady and arrival hold chat conversations
                                 (through the integration, not paired; docs/workloads.md)

      """ + Texts.exitCodes() + "\n";

    private final Context context;

    GateCommand(Context context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public int run(List<String> args) throws Exception {
        GateOptions options = new GateOptions();
        if (OptionParser.parse("gate", options, args, USAGE)) {
            context.out().print(USAGE);
            return ExitCode.PASS.code();
        }
        GateSettings settings = options.settings(context);
        CiSystem ci = options.ci(context);
        ExitCode exit = new Gate(context).run(settings);
        new CiOutputs(context, "gate").publish(ci, settings.run(), settings.budgets(), exit);
        return exit.code();
    }

    /** The options as picocli fills them; {@link #settings} checks them and fills in the defaults. */
    @Command(name = "gate")
    static final class GateOptions {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true)
        boolean help;

        @Option(names = "--run", paramLabel = "DIR")
        Path run;

        @Option(names = "--budgets", paramLabel = "FILE")
        Path budgets;

        @Option(names = "--baseline", paramLabel = "RUN|results.json|history")
        String baseline;

        @Option(names = "--duration", paramLabel = "20s")
        String duration = "20s";

        @Option(names = "--model", paramLabel = "NAME")
        String model;

        @Option(names = "--emulator-profile", paramLabel = "FILE")
        Path emulatorProfile;

        @Option(names = "--bench-include", paramLabel = "REGEX")
        String benchInclude;

        @Option(names = "--bench-mode", paramLabel = "MODE")
        String benchMode = "quick";

        @Option(names = "--confirm", paramLabel = "N")
        String confirm = "1";

        @Option(names = "--ci", paramLabel = "SYSTEM")
        String ci = "auto";

        @Option(names = "--scenarios", paramLabel = "LIST")
        String scenarios = String.join(
                ",",
                GateSettings.DEFAULT_SCENARIOS.stream().map(Scenario::label).toList());

        @Option(names = "--sensitivity", paramLabel = "PCT")
        String sensitivity;

        @Option(names = "-D", paramLabel = "ollama.perf.NAME=VALUE")
        List<String> settings = new ArrayList<>();
        /** {@code --history DB} and {@code --no-history}: the last one given wins, so both set this one field. */
        Optional<Path> history;

        @Option(names = "--history", paramLabel = "DB")
        void history(Path db) {
            if (db != null) {
                history = Optional.of(db);
            }
        }

        @Option(names = "--no-history")
        void noHistory(boolean off) {
            if (off) {
                history = Optional.empty();
            }
        }

        private List<Scenario> scenarios() {
            List<Scenario> chosen = new ArrayList<>();
            for (String label : scenarios.split(",")) {
                Scenario scenario = Scenario.named(label.trim())
                        .filter(GateSettings.SCENARIOS::contains)
                        .orElseThrow(() -> new UsageException("perf gate: '--scenarios' takes steady, arrival,"
                                + " cache, fallback and session, comma-separated, got: '" + label.trim() + "'"));
                if (!chosen.contains(scenario)) {
                    chosen.add(scenario);
                }
            }
            return chosen;
        }

        /** The CI system {@code --ci} names, detected from the environment for {@code auto}. */
        CiSystem ci(Context context) {
            return CiSystem.named(ci, context.env())
                    .orElseThrow(() -> new UsageException(
                            "perf gate: '--ci' must be " + CiSystem.CHOICES + ", got: '" + ci + "'"));
        }

        GateSettings settings(Context context) {
            List<String> flags = OptionParser.settings("gate", settings, OptionParser.LOAD_SETTING, USAGE);
            if (!confirm.matches("[0-9]")) {
                throw new UsageException("perf gate: '--confirm' must be a number of rounds from 0 to "
                        + GateSettings.MAX_CONFIRM + ", got: '" + confirm + "'");
            }
            BenchMode mode = BenchMode.named(benchMode)
                    .orElseThrow(() -> new UsageException(
                            "perf gate: '--bench-mode' must be quick, full or smoke, got: '" + benchMode + "'"));
            Path folder = run != null ? run : context.layout().runs().resolve(context.runName());
            Path budgetFile = budgets != null
                    ? budgets
                    : Files.isRegularFile(context.layout().defaultBudgets())
                            ? context.layout().defaultBudgets()
                            : null;
            Optional<Path> db =
                    history != null ? history : Optional.of(context.layout().defaultHistory());
            return new GateSettings(
                    Context.absolute(folder),
                    budgetFile == null ? null : Context.absolute(budgetFile),
                    baseline,
                    db.map(Context::absolute),
                    duration,
                    model,
                    emulatorProfile == null ? null : Context.absolute(emulatorProfile),
                    benchInclude,
                    mode,
                    Integer.parseInt(confirm),
                    scenarios(),
                    flags,
                    sensitivity());
        }

        /**
         * {@code --sensitivity} as a fraction: a percentage only, since the budgeted metrics have many units (ms, B/op,
         * ratios) and one absolute size would fit one of them.
         */
        private Double sensitivity() {
            if (sensitivity == null) {
                return null;
            }
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)%").matcher(sensitivity.trim());
            double pct = m.matches() ? Double.parseDouble(m.group(1)) : Double.NaN;
            if (!(pct > 0 && pct <= 100)) {
                throw new UsageException("perf gate: '--sensitivity' takes a percentage of each metric's value above 0"
                        + " and at most 100, e.g. 10%, got: '" + sensitivity + "' (no absolute size such as 5ms: the"
                        + " budgeted metrics have different units)");
            }
            return pct / 100;
        }
    }
}
