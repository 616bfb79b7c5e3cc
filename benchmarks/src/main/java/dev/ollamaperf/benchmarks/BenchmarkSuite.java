package dev.ollamaperf.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs the JMH suite the way the gate needs it: a preset of JMH's options ({@link BenchmarkMode}),
 * always JSON, always with the GC profiler (so B/op is recorded), into {@code <run>/jmh/results.json}.
 * JMH's own options given after {@code --} win over the preset. The benchmarks jar's main class is
 * JMH's own {@code org.openjdk.jmh.Main}, so {@code java -jar ollama-perf-benchmarks.jar -l} works as for any JMH
 * jar; this class is started by class name:
 *
 * <pre>
 * java -cp benchmarks/target/ollama-perf-benchmarks.jar dev.ollamaperf.benchmarks.BenchmarkSuite --mode quick --run target/perf/manual
 * </pre>
 */
@Command(
        name = "perf bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the ollama-perf JMH suite with a preset of JMH options and writes "
                    + "<run>/jmh/results.json (JMH's JSON, with -prof gc)."
        },
        footer = {
            "",
            "JMH's own options after -- win over the preset, e.g.:",
            "  perf bench --mode quick -- -f 2 -prof stack CacheBenchmark",
            "The jar itself is a plain JMH jar: java -jar benchmarks/target/ollama-perf-benchmarks.jar -l | -h | REGEX ...",
            "",
            "Exit codes: 0 done, 2 usage error, 4 a benchmark failed or JMH could not run."
        })
public final class BenchmarkSuite implements Callable<Integer> {

    /** Exit code of a usage error. */
    static final int EXIT_USAGE = 2;

    /** Exit code when a benchmark failed or JMH could not run. */
    static final int EXIT_BENCHMARK_FAILED = 4;

    /** Every benchmark of the suite. */
    static final String WHOLE_SUITE = "dev\\.ollamaperf\\.benchmarks\\..*";

    @Option(
            names = "--mode",
            paramLabel = "quick|full|smoke",
            defaultValue = "quick",
            description = "Preset: quick (CI, about 3 minutes), full (real measurements) or smoke (every "
                    + "benchmark once, in seconds; proves they run, measures nothing). Default: ${DEFAULT-VALUE}.")
    private BenchmarkMode mode;

    @Option(
            names = "--run",
            paramLabel = "DIR",
            defaultValue = "target/perf/manual",
            description = "Run folder; results go to <run>/jmh/results.json. Default: ${DEFAULT-VALUE}.")
    private Path runFolder;

    @Option(
            names = "--include",
            paramLabel = "REGEX",
            description = "Regular expression of benchmarks to run (same as a JMH regex after --). "
                    + "Default: the whole suite.")
    private String include;

    @Option(
            names = "--param",
            paramLabel = "NAME=VALUE",
            description = "Fix a @Param to one value (repeatable; same as JMH's -p), e.g. --param messages=50.")
    private Map<String, String> params = new LinkedHashMap<>();

    @Parameters(
            paramLabel = "JMH_OPTION",
            arity = "0..*",
            description = "JMH's own command line, after --; it wins over the preset.")
    private List<String> jmhOptions = new ArrayList<>();

    private final PrintStream out;

    /** A suite that prints to standard output. */
    public BenchmarkSuite() {
        this(System.out);
    }

    BenchmarkSuite(PrintStream out) {
        this.out = out;
    }

    /** Command-line entry point; exits with 0, 2 (usage) or 4 (a benchmark failed). */
    public static void main(String[] args) {
        System.exit(commandLine(new BenchmarkSuite()).execute(args));
    }

    static CommandLine commandLine(BenchmarkSuite suite) {
        return new CommandLine(suite).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() throws IOException {
        CommandLineOptions explicit;
        try {
            explicit = new CommandLineOptions(jmhOptions.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            out.printf(
                    "perf bench: JMH does not accept the options after -- (%s): %s; see java -jar "
                            + "benchmarks/target/ollama-perf-benchmarks.jar -h%n",
                    String.join(" ", jmhOptions), e.getMessage());
            return EXIT_USAGE;
        }
        if (explicit.shouldHelp()
                || explicit.shouldList()
                || explicit.shouldListWithParams()
                || explicit.shouldListProfilers()
                || explicit.shouldListResultFormats()) {
            out.println("perf bench runs benchmarks; to list or get JMH's help, ask the jar itself: "
                    + "java -jar benchmarks/target/ollama-perf-benchmarks.jar " + String.join(" ", jmhOptions));
            return EXIT_USAGE;
        }
        Optional<String> badRegex = notARegex(explicit);
        if (badRegex.isPresent()) {
            out.println("perf bench: " + badRegex.get());
            return EXIT_USAGE;
        }
        Path results = runFolder.resolve("jmh").resolve("results.json");
        ChainedOptionsBuilder options =
                mode.applyTo(new OptionsBuilder().parent(explicit), explicit).shouldFailOnError(true);
        if (include != null) {
            options.include(include);
        } else if (explicit.getIncludes().isEmpty()) {
            options.include(WHOLE_SUITE);
        }
        if (explicit.getProfilers().stream().noneMatch(BenchmarkSuite::isGcProfiler)) {
            options.addProfiler(GCProfiler.class);
        }
        if (!explicit.getResult().hasValue()) {
            Files.createDirectories(results.getParent());
            options.resultFormat(ResultFormatType.JSON).result(results.toString());
        } else {
            results = Path.of(explicit.getResult().get());
        }
        params.forEach(options::param);
        out.printf(
                "Running the JMH suite, %s mode (%s)%s%s%n",
                mode.name().toLowerCase(Locale.ROOT),
                mode.asJmhOptions(),
                include == null ? "" : ", benchmarks matching " + include,
                jmhOptions.isEmpty() ? "" : ", JMH options " + String.join(" ", jmhOptions));
        try {
            Collection<RunResult> ran = new Runner(options.build()).run();
            out.printf("%d benchmark configurations measured; results: %s%n", ran.size(), results);
            return 0;
        } catch (NoBenchmarksException e) {
            // JMH's own message is null here; it printed "No matching benchmarks" above
            out.printf(
                    "perf bench: no benchmark matches %s; list them with java -jar"
                            + " benchmarks/target/ollama-perf-benchmarks.jar -l%n",
                    include != null ? "'" + include + "'" : String.join(" ", explicit.getIncludes()));
            return EXIT_USAGE;
        } catch (RunnerException e) {
            out.printf("Benchmark run failed: %s%nPartial results, if any: %s%n", e.getMessage(), results);
            return EXIT_BENCHMARK_FAILED;
        }
    }

    /** The first of {@code --include} and JMH's include and exclude patterns that is not a regular expression. */
    private Optional<String> notARegex(CommandLineOptions explicit) {
        List<String> patterns = new ArrayList<>();
        if (include != null) {
            patterns.add(include);
        }
        patterns.addAll(explicit.getIncludes());
        patterns.addAll(explicit.getExcludes());
        for (String pattern : patterns) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                return Optional.of("'" + pattern + "' is not a regular expression (" + e.getDescription() + " at index "
                        + e.getIndex() + "); JMH matches benchmark names with it, e.g. 'Cache.*'");
            }
        }
        return Optional.empty();
    }

    private static boolean isGcProfiler(ProfilerConfig profiler) {
        return profiler.getKlass().equals("gc") || profiler.getKlass().equals(GCProfiler.class.getName());
    }
}
