package dev.ollamaperf.cli;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code perf load SCENARIO}: one Gatling scenario in the foreground (plain java, no Maven), results in
 * {@code DIR/load/metrics.json}; environment.json first, unless the folder has one.
 */
final class LoadCommand implements Subcommand {

    static final String USAGE = """
      Usage: scripts/perf load steady|arrival|compare|cache|fallback|overload|soak|session [--run DIR]
                               [--model NAME] [--emulator-profile FILE] [--injector K/N] [--start-at INSTANT]
                               [-Dollama.perf.NAME=VALUE ...]
             scripts/perf load replay --trace FILE [--speed X] [--limit DURATION] [--model-map A=B,...] [...]

      Runs one Gatling scenario (plain java, no Maven) against OLLAMA_ENDPOINT / OLLAMA_HOST, else the
      embedded emulator, after a check of seconds that the target answers and holds the models; results
      in DIR/load/metrics.json (default DIR: target/perf/load). Parameters and
      defaults: load-tests/README.md. --emulator-profile FILE gives the embedded emulator the models and
      speeds of a profile file (emulator/README.md). Ctrl-C stops the scenario without writing results.
      replay sends a gateway traffic log's requests (OLLAMA_TRAFFIC_LOG) at their recorded offsets, divided
      by --speed, up to --limit, asking --model-map's models instead of the recorded ones
      (docs/traffic-replay.md).

      session: each of the users holds conversations, every turn an /api/chat request carrying the whole
      history so far; -Dollama.perf.turns=5 (or a range, 3-8), -Dollama.perf.thinkTime=1s (or 1s-3s)
      between turns, -Dollama.perf.systemPromptTokens=0 (a shared system prompt of that many tokens).
      Metrics per turn (load.session.<model>.turn<k>.ttft.p50 ...): docs/workloads.md.
      -Dollama.perf.workload=session gives steady and arrival such conversations instead of single requests
      (default: single): each steady user holds one after another, each arrival starts one; per-turn metrics
      under the scenario's name (load.steady.<model>.turn<k>.*); direct or gateway, not paired.
      Any scenario: -Dollama.perf.think=true|false|low|medium|high|max sends think with every request
      (unset: left out); a model that thinks gets ttft_thinking and thinking metrics (docs/workloads.md).

      Several load generators (docs/injectors.md): --injector K/N makes this one injector K of N, carrying its
      share of the users (5 over 2: 3 and 2) or of the arrival rate, into DIR/load/metrics-injector-K-of-N.json;
      --start-at 2026-12-07T09:00:00Z starts the measured load then, after the warm-up, so injectors started
      apart begin together (a time already passed starts at once, and says so). perf report DIR merges the
      injectors' files (histograms added) and checks the budgets on the merged run.

      Exit codes: 0 done, 1 the scenario's objectives failed, 2 usage error, 3 no results (target
      unreachable or a model missing) or the target stopped answering mid-run (its metrics are kept, the
      scenario INVALID), 4 internal error, 130 interrupted.
      """;

    private static final String RUN_FLAG = "-D" + LoadFlags.PREFIX + "run=";

    private final Context context;

    LoadCommand(Context context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public int run(List<String> args) throws Exception {
        String label = args.isEmpty() ? "" : args.get(0);
        if (label.equals("-h") || label.equals("--help")) {
            context.out().print(USAGE);
            return ExitCode.PASS.code();
        }
        if (label.isEmpty()) {
            throw new UsageException(USAGE.stripTrailing());
        }
        Scenario scenario = Scenario.named(label)
                .orElseThrow(() ->
                        new UsageException("perf load: unknown scenario '" + label + "' (" + Scenario.labels() + ")"));
        LoadOptions options = new LoadOptions();
        if (OptionParser.parse("load", options, args.subList(1, args.size()), USAGE)) {
            context.out().print(USAGE);
            return ExitCode.PASS.code();
        }
        Path run = Context.absolute(options.run);
        List<String> flags = new ArrayList<>();
        if (scenario == Scenario.REPLAY) {
            flags.addAll(ReplayFlags.of(
                    options.trace, options.speed, options.limit, options.modelMap, options.model == null));
        } else if (options.trace != null
                || options.speed != null
                || options.limit != null
                || !options.modelMap.isEmpty()) {
            throw new UsageException("perf load: --trace, --speed, --limit and --model-map are for the replay"
                    + " scenario, not " + scenario.label());
        }
        if (options.model != null) {
            flags.add("-D" + LoadFlags.PREFIX + "models=" + options.model);
        }
        flags.addAll(InjectorFlags.of(options.injector, options.startAt, scenario));
        if (options.emulatorProfile != null) {
            flags.add("-D" + LoadFlags.PREFIX + "emulatorProfiles=" + Context.absolute(options.emulatorProfile));
        }
        for (String flag : OptionParser.settings("load", options.properties, OptionParser.ANY_PROPERTY, USAGE)) {
            if (flag.startsWith(RUN_FLAG)) {
                run = Context.absolute(Path.of(flag.substring(RUN_FLAG.length())));
            } else {
                flags.add(flag);
            }
        }
        LoadFlags settings = LoadFlags.none().plus(flags);
        if (scenario == Scenario.REPLAY
                && settings.value("mode").filter("paired"::equals).isPresent()) {
            throw new UsageException("perf load replay: -Dollama.perf.mode=paired cannot split a trace's arrivals in"
                    + " two; use direct or gateway");
        }
        int written = context.reports()
                .environment(
                        run,
                        context.target(settings),
                        List.of("load." + scenario.label() + "=" + (flags.isEmpty() ? "defaults" : settings.joined())),
                        false);
        if (written != 0) {
            return written;
        }
        Optional<ExitCode> refused = TargetCheck.run(context, settings, run);
        if (refused.isPresent() || context.interrupts().interrupted()) {
            return refused.map(ExitCode::code).orElse(ExitCode.INTERRUPTED.code());
        }
        // File times come from a coarse clock (a kernel tick behind, 1 s on some file systems), so the start is taken
        // a second early: only a run that ended within that second could be mistaken for this one.
        FileTime started = FileTime.fromMillis(System.currentTimeMillis() - 1_000);
        int status = ForegroundChild.run(
                context,
                scenario.label(),
                context.java()
                        .gatling(
                                scenario.simulation(),
                                LoadFlags.none().with("run", run.toString()).plus(flags),
                                run.resolve(InjectorFlags.gatlingFolder(settings))));
        return LoadOutcome.exitCode(status, run.resolve("load"), started, context.err());
    }

    @Command(name = "load")
    static final class LoadOptions {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true)
        boolean help;

        @Option(names = "--run", paramLabel = "DIR")
        Path run = Path.of("target/perf/load");

        @Option(names = "--model", paramLabel = "NAME")
        String model;

        @Option(names = "--emulator-profile", paramLabel = "FILE")
        Path emulatorProfile;

        @Option(names = "-D", paramLabel = "NAME=VALUE")
        List<String> properties = new ArrayList<>();

        @Option(names = "--injector", paramLabel = "K/N")
        String injector;

        @Option(names = "--start-at", paramLabel = "INSTANT")
        String startAt;

        @Option(names = "--trace", paramLabel = "FILE")
        Path trace;

        @Option(names = "--speed", paramLabel = "X")
        String speed;

        @Option(names = "--limit", paramLabel = "DURATION")
        String limit;

        @Option(names = "--model-map", paramLabel = "A=B")
        List<String> modelMap = new ArrayList<>();
    }
}
