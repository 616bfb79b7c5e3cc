package dev.ollamaperf.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JMH suite in the gate's mode ({@code --bench-mode}), in its own JVM: {@code BenchmarkSuite} from the
 * benchmarks jar, results in {@code RUN/jmh/results.json}. Ctrl-C stops it at once.
 */
final class JmhStep implements GateStep {

    private static final Pattern FAILURE = Pattern.compile("Exception|Error:");
    /** JMH refuses to run beside another JMH (they would disturb each other): a precondition of the machine. */
    private static final Pattern OTHER_JMH = Pattern.compile("Another JMH instance might be running.*");

    @Override
    public Optional<ExitCode> run(GateRun gate) throws Exception {
        Path log = RunFolder.log(gate.run(), "jmh");
        BenchMode mode = gate.settings().benchMode();
        gate.progress().step("JMH " + mode.label() + " suite" + mode.about() + "; log: " + log);
        int status = gate.jmh(gate.run(), Optional.empty());
        if (gate.interrupted()) {
            keepPartialResultsApart(gate);
            return Optional.empty();
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
