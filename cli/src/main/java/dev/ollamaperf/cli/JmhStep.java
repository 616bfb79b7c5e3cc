package dev.ollamaperf.cli;

import dev.ollamaperf.reports.power.ForkPlanner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JMH suite in the gate's mode ({@code --bench-mode}), in its own JVM: {@code BenchmarkSuite} from the
 * benchmarks jar, results in {@code RUN/jmh/results.json}. Ctrl-C stops it at once. Budgeted benchmarks whose
 * forks disagreed in the history ({@link ForkedBenchmarks}) are left out of it and run after it with
 * {@link ForkPlanner#FORKS} forks into {@code RUN/jmh-forks}, their results then added to the suite's (docs/power.md,
 * "JMH forks").
 */
final class JmhStep implements GateStep {

    private static final Pattern FAILURE = Pattern.compile("Exception|Error:|perf bench: ");
    /** Where the benchmarks run with more forks write, before their results join {@code jmh/results.json}. */
    static final String FORKED = "jmh-forks";
    /** JMH refuses to run beside another JMH (they would disturb each other): a precondition of the machine. */
    private static final Pattern OTHER_JMH = Pattern.compile("Another JMH instance might be running.*");

    @Override
    public Optional<ExitCode> run(GateRun gate) throws Exception {
        Path log = RunFolder.log(gate.run(), "jmh");
        BenchMode mode = gate.settings().benchMode();
        Optional<String> forked = ForkedBenchmarks.regex(gate);
        gate.progress()
                .step("JMH " + mode.label() + " suite" + mode.about()
                        + forked.map(r -> ", with " + ForkPlanner.FORKS + " forks for the budgeted benchmarks whose"
                                        + " forks disagreed in the history (" + r + ")")
                                .orElse("")
                        + "; log: " + log);
        int status = gate.jmh(
                gate.run(), Optional.empty(), forked.map(r -> List.of("-e", r)).orElse(List.of()));
        if (gate.interrupted()) {
            keepPartialResultsApart(gate);
            return Optional.empty();
        }
        if (status == 0 && forked.isPresent()) {
            log = RunFolder.log(gate.run().resolve(FORKED), "jmh");
            status = gate.jmh(gate.run().resolve(FORKED), forked, List.of("-f", String.valueOf(ForkPlanner.FORKS)));
            if (gate.interrupted()) {
                return Optional.empty();
            }
            if (status == 0) {
                JmhResultsMerge.into(
                        gate.run().resolve("jmh/results.json"),
                        gate.run().resolve(FORKED).resolve("jmh/results.json"));
            }
        }
        if (status == 0) {
            return Optional.empty();
        }
        PrintStream err = gate.context().err();
        err.println("perf gate: the JMH suite failed (exit " + status + "); see " + log);
        LogExcerpt.matching(log, FAILURE, 3).forEach(err::println);
        for (String line : LogExcerpt.matching(log, OTHER_JMH, 1)) {
            Matcher m = OTHER_JMH.matcher(line);
            err.println(m.find() ? m.group() : line);
            return Optional.of(ExitCode.UNREACHABLE);
        }
        return Optional.of(status == ExitCode.USAGE.code() ? ExitCode.USAGE : ExitCode.INTERNAL);
    }

    /** JMH writes its JSON only when the suite ends: a stopped suite leaves a partial file no report should read. */
    private static void keepPartialResultsApart(GateRun gate) throws IOException {
        Path results = gate.run().resolve("jmh/results.json");
        if (Files.isRegularFile(results)
                && Files.readAllLines(results).stream().noneMatch(line -> line.startsWith("]"))) {
            Files.move(results, results.resolveSibling("results.json.partial"));
            gate.context()
                    .err()
                    .println("perf gate: the JMH suite was stopped before it wrote its results; what it measured"
                            + " is in " + RunFolder.log(gate.run(), "jmh"));
        }
    }
}
