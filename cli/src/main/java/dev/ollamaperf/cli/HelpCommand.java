package dev.ollamaperf.cli;

import java.util.List;
import java.util.Objects;

/** {@code perf help}: what the commands are. Every command also takes {@code --help}. */
final class HelpCommand implements Subcommand {

    static final String USAGE = """
      Usage: scripts/perf <command> [options]

      Commands:
        gate       The main job: JMH quick suite, steady and arrival-rate load, report, budgets, baseline,
                   history; exit code = the verdict. perf gate --help for its options.
        emulator   Start the Ollama emulator in the foreground (127.0.0.1:11434 unless --port/--bind).
        bench      Run the JMH suite with a preset (--mode quick|full|smoke, --include REGEX, --run DIR, JMH's own
                   options after --); results in DIR/jmh/results.json. The jar is a plain JMH jar too:
                   java -jar benchmarks/target/ollama-perf-benchmarks.jar -l
        load       Run one load scenario: perf load SCENARIO [--run DIR] [--model NAME] [--emulator-profile FILE]
                   [-Dollama.perf.NAME=VALUE ...], where SCENARIO is steady, arrival, compare, cache,
                   fallback, overload, soak or session (see load-tests/README.md); replay --trace FILE replays a
                   gateway traffic log.
        record-profile  Measure a real Ollama's models into an emulator profile file, for gates that behave
                   like production: perf record-profile --models a,b --out FILE (then perf gate
                   --emulator-profile FILE). perf record-profile --help for its options.
        report     Judge a run folder and write its reports: perf report RUN_DIR [--budgets FILE] ...
        compare    Two runs side by side: perf compare RUN_A RUN_B
        history    Past runs and trends: perf history [--db FILE] [--metric GLOB]
        help       Show this help. Every command also takes --help.

        capacity   Sweep concurrency (or arrival rate) against one model until it saturates; knee, goodput,
                   queueing model, recommended OLLAMA_MAX_CONCURRENT / OLLAMA_NUM_PARALLEL, nodes, memory plan:
                   perf capacity --model NAME [--max-level 32] [--step 30s] [--objective ttft.p95=1500ms]
        compare-models  The same prompts to each model, interleaved; medians with 95% intervals and a ranking
                   per metric: perf compare-models --models a,b[,c] [--duration 60s] [--run DIR]

      """ + Texts.exitCodes() + """

      Set PERF_NO_BUILD=1 to forbid building: a missing or stale jar is then an error (exit 2).
      """;

    private final Context context;

    HelpCommand(Context context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public int run(List<String> args) {
        context.out().print(USAGE);
        return ExitCode.PASS.code();
    }
}
