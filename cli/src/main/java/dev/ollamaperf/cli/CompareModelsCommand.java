package dev.ollamaperf.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code perf compare-models}: the same prompts to each model, interleaved, one request at a time
 * ({@code ModelComparisonSimulation}), then the reports' model comparison of it ({@link Measurement}).
 */
final class CompareModelsCommand implements Subcommand {

    static final String USAGE = """
      Usage: scripts/perf compare-models --models A,B[,C...] [--duration 60s] [--run DIR]
                                         [--emulator-profile FILE] [-Dollama.perf.NAME=VALUE ...]

      Sends the same prompts to each model, one request at a time, interleaved with the order rotated per
      prompt (warm-up excluded), against OLLAMA_ENDPOINT / OLLAMA_HOST, else the embedded emulator with its
      catalogue of production models (a dry run). Then prints, per model, TTFT, inter-token latency, output
      tokens/s and end-to-end medians with 95% intervals, a ranking per metric that marks models it cannot
      tell apart, load time and memory; writes models.json and index.html into the run folder
      (default target/perf/runs/<time>-models). Ctrl-C lets the measurement end its current request set
      and still reports; a second Ctrl-C abandons it. -Dollama.perf.workload=session gives each model the
      same chat conversations instead of single prompts, compared turn by turn (docs/workloads.md).

      Exit codes: 0 done, 1 the run was INVALID (e.g. models evicting each other; results still written),
      2 usage or configuration error, 3 target unreachable or a model missing, 4 internal error, 130 interrupted.
      """;

    private final Context context;

    CompareModelsCommand(Context context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public int run(List<String> args) throws Exception {
        CompareOptions options = new CompareOptions();
        if (OptionParser.parse("compare-models", options, args, USAGE)) {
            context.out().print(USAGE);
            return ExitCode.PASS.code();
        }
        List<String> settings =
                OptionParser.settings("compare-models", options.settings, OptionParser.LOAD_SETTING, USAGE);
        if (options.models == null || !options.models.contains(",")) {
            throw new UsageException(
                    "perf compare-models: --models needs two models or more, comma-separated, e.g. --models"
                            + " mistral:7b,llama3.1:8b");
        }
        Path run = Context.absolute(
                options.run != null ? options.run : context.layout().runs().resolve(context.runName() + "-models"));
        // One user, so the models never compete for the server; the caller's flags come last and win.
        LoadFlags flags = LoadFlags.none()
                .with("models", options.models)
                .with("duration", options.duration)
                .with("users", "1");
        if (options.emulatorProfile != null) {
            flags = flags.with(
                    "emulatorProfiles",
                    Context.absolute(options.emulatorProfile).toString());
        }
        return new Measurement(
                        "compare-models",
                        run,
                        Scenario.COMPARE.simulation(),
                        "compare models for " + options.duration,
                        flags.plus(settings),
                        List.of("compare-models", run.toString()))
                .run(context);
    }

    @Command(name = "compare-models")
    static final class CompareOptions {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true)
        boolean help;

        @Option(names = "--models", paramLabel = "A,B[,C...]")
        String models;

        @Option(names = "--run", paramLabel = "DIR")
        Path run;

        @Option(names = "--duration", paramLabel = "60s")
        String duration = "60s";

        @Option(names = "--emulator-profile", paramLabel = "FILE")
        Path emulatorProfile;

        @Option(names = "-D", paramLabel = "ollama.perf.NAME=VALUE")
        List<String> settings = new ArrayList<>();
    }
}
