package dev.ollamaperf.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One of the gate's load scenarios for {@code --duration}, in a Gatling JVM. Ctrl-C lets it finish (its
 * metrics are then reported); a second one abandons it. A scenario that wrote no results found no target, and
 * one that exits 3 lost it mid-run: either way the gate goes on to the report alone ({@link GateRun#targetLost}).
 */
final class LoadStep implements GateStep {

    private static final Pattern FAILURE = Pattern.compile("PreflightException|not usable|not found|Exception");
    /** The load JVM's last line when the target stopped answering (LoadMain). */
    private static final Pattern STOPPED_ANSWERING = Pattern.compile("^ollama-perf: target .* stopped answering");

    private final Scenario scenario;

    LoadStep(Scenario scenario) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
    }

    @Override
    public boolean numbered(GateSettings settings) {
        return settings.scenarios().contains(scenario);
    }

    @Override
    public Optional<ExitCode> run(GateRun gate) throws Exception {
        if (!gate.settings().scenarios().contains(scenario)) {
            return Optional.empty();
        }
        Path log = RunFolder.log(gate.run(), scenario.label());
        String path = switch (gate.settings().loadFlags(scenario).value("mode").orElse("direct")) {
            case "paired" -> ", through the integration and direct, alternating";
            case "gateway" -> ", through the integration";
            default -> scenario == Scenario.CACHE || scenario == Scenario.FALLBACK ? ", through the integration" : "";
        };
        gate.progress()
                .step("load: " + scenario.label() + " for " + gate.settings().duration() + path + " (log: " + log
                        + ")");
        int status = gate.load(scenario, gate.run(), OnInterrupt.FINISH);
        boolean wrote = Files.isRegularFile(gate.run().resolve("load/metrics-" + scenario.label() + ".json"));
        if (gate.interrupted() || wrote && status != LoadOutcome.TARGET_STOPPED_ANSWERING) {
            return Optional.empty();
        }
        PrintStream err = gate.context().err();
        if (wrote) {
            List<String> lines = LogExcerpt.matching(log, STOPPED_ANSWERING, Integer.MAX_VALUE);
            err.println(
                    lines.isEmpty()
                            ? "perf gate: the target stopped answering during the " + scenario.label()
                                    + " scenario (log: " + log + ")"
                            : lines.get(lines.size() - 1));
            gate.targetLost("partial run: the target stopped answering during the " + scenario.label() + " scenario");
            return Optional.empty();
        }
        err.println(
                "perf gate: the " + scenario.label() + " scenario wrote no results; the target may be unreachable:");
        LogExcerpt.matching(log, FAILURE, 5).forEach(err::println);
        err.println("full log: " + log);
        gate.targetLost("partial run: the " + scenario.label() + " scenario wrote no results (the target may be"
                + " unreachable)");
        return Optional.empty();
    }
}
