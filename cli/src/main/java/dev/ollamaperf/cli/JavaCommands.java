package dev.ollamaperf.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command lines of the JVMs {@code perf} starts. Each runs in its own JVM for isolation: JMH forks and
 * measures allocation per JVM, Gatling and the embedded emulator own their JVM's threads and system
 * properties, and a child can be stopped at once without stopping {@code perf}.
 */
public final class JavaCommands {

    /** Gatling reflects into java.lang, as its own Maven plugin allows when it forks. */
    static final String GATLING_OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    /**
     * The emulator's {@code Main.JVM_OPTIONS} (why: there), written out because perf runs the emulator's jar and has
     * none of its classes at run time; {@code StudyCommandsTest} keeps the two equal.
     */
    static final List<String> EMULATOR_JVM_OPTIONS = List.of("-XX:CompileThresholdScaling=0.1");

    static final String BENCHMARK_SUITE = "dev.ollamaperf.benchmarks.BenchmarkSuite";
    static final String TARGET_CHECK = "dev.ollamaperf.load.run.TargetCheckMain";
    static final String RECORD_PROFILE = "dev.ollamaperf.recorder.RecorderMain";
    /** Gatling's main plus exit 3 when the target stopped answering mid-run (load-tests' {@code LoadMain}). */
    static final String GATLING = "dev.ollamaperf.load.run.LoadMain";

    private final Layout layout;

    /** Command lines for the jars of {@code layout}, run with its java. */
    public JavaCommands(Layout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    /** The JMH suite with its presets: {@code --mode quick|full|smoke --run DIR --include REGEX -- JMH_OPTIONS}. */
    public List<String> benchmarkSuite(List<String> args) {
        List<String> command =
                new ArrayList<>(List.of(java(), "-cp", layout.benchmarksJar().toString(), BENCHMARK_SUITE));
        command.addAll(args);
        return command;
    }

    /**
     * One Gatling simulation, its settings as JVM flags, results under {@code resultsFolder} (no HTML report: the
     * run's own index.html is the report, and Gatling writes no machine-readable statistics anyway).
     */
    public List<String> gatling(String simulation, LoadFlags flags, Path resultsFolder) {
        List<String> command = load(flags, GATLING);
        command.addAll(
                List.of("--simulation", simulation, "--results-folder", resultsFolder.toString(), "--no-reports"));
        return command;
    }

    /** The load target's check: the settings parse, the target answers and holds the models (seconds). */
    public List<String> targetCheck(LoadFlags flags) {
        return load(flags, TARGET_CHECK);
    }

    /** {@code record-profile} (the recorder's jar) with the user's arguments. */
    public List<String> recordProfile(List<String> args) {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", layout.recorderClassPath(), RECORD_PROFILE));
        command.addAll(args);
        return command;
    }

    /** The emulator's own command line, with the JVM options it runs best with. */
    public List<String> emulator(List<String> args) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(EMULATOR_JVM_OPTIONS);
        command.addAll(List.of("-jar", layout.emulatorJar().toString()));
        command.addAll(args);
        return command;
    }

    private List<String> load(LoadFlags flags, String mainClass) {
        List<String> command = new ArrayList<>(List.of(java(), GATLING_OPENS));
        command.addAll(flags.flags());
        command.addAll(List.of("-cp", layout.loadTestsClassPath(), mainClass));
        return command;
    }

    private String java() {
        return layout.java().toString();
    }
}
