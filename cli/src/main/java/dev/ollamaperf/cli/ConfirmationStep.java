package dev.ollamaperf.cli;

import dev.ollamaperf.reports.gate.RerunPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Confirms a failed verdict on reruns ({@code --confirm N}): while the last report failed and rounds are
 * left, reruns what failed ({@link RerunPlan}: the failing JMH methods in the gate's mode, the failing load
 * scenarios with the gate's settings) into {@code RUN/confirm-<round>} with a copy of environment.json, then
 * reports again with every rerun so far. A failure no rerun can clear (an INVALID run, a server metric)
 * ends the rounds; the last report's verdict is the gate's. Ctrl-C stops a rerun at once (its results would
 * not be used) and keeps the first verdict: exit 130.
 *
 * <p>A rerun step that fails leaves its metrics out of the rerun, and a check whose metric the rerun lacks
 * stays FAIL (the reports' rule), so such a failure needs no handling here beyond a message.
 */
final class ConfirmationStep implements GateStep {

    @Override
    public Optional<ExitCode> run(GateRun gate) throws Exception {
        for (int round = 1;
                gate.verdict() == ExitCode.FAIL && round <= gate.settings().confirm();
                round++) {
            Optional<RerunPlan> plan = gate.context().reports().rerunPlan(gate.run());
            if (plan.isEmpty()) {
                break;
            }
            if (!plan.get().unconfirmable().isEmpty()) {
                gate.progress()
                        .note("not confirming: a rerun cannot clear "
                                + plan.get().unconfirmable().get(0));
                break;
            }
            if (plan.get().checks() == 0
                    || (plan.get().jmhInclude().isEmpty()
                            && plan.get().scenarios().isEmpty())) {
                break;
            }
            Path dir = gate.run().resolve("confirm-" + round);
            rerun(gate, plan.get(), dir);
            if (gate.interrupted()) {
                gate.progress().done(gate.run());
                gate.context()
                        .err()
                        .println("perf gate: interrupted while confirming; the first verdict above stands"
                                + " (Ctrl-C).");
                return Optional.of(ExitCode.INTERRUPTED);
            }
            gate.confirmedIn(dir);
            gate.progress().line("report again, with the rerun" + (round > 1 ? "s" : "") + ": " + dir);
            gate.report();
        }
        return Optional.empty();
    }

    @Override
    public boolean numbered(GateSettings settings) {
        return false;
    }

    private static void rerun(GateRun gate, RerunPlan plan, Path dir) throws Exception {
        RunFolder.createLogs(dir);
        Files.copy(
                gate.run().resolve("environment.json"),
                dir.resolve("environment.json"),
                StandardCopyOption.REPLACE_EXISTING);
        Optional<String> include = plan.jmhInclude();
        List<String> what = new ArrayList<>();
        include.ifPresent(regex -> what.add(" the JMH benchmarks " + regex));
        if (!plan.scenarios().isEmpty()) {
            what.add(" the load scenario(s) " + String.join(" ", plan.scenarios()));
        }
        gate.progress()
                .line("confirming " + plan.checks() + " failing check(s) by rerunning" + String.join("", what)
                        + " into " + dir);
        if (include.isPresent()) {
            gate.progress()
                    .line("confirm: JMH " + gate.settings().benchMode().label() + " mode, " + include.get() + " (log: "
                            + RunFolder.log(dir, "jmh") + ")");
            if (gate.jmh(dir, include) != 0 && !gate.interrupted()) {
                gate.context().err().println("perf gate: the JMH rerun failed; see " + RunFolder.log(dir, "jmh"));
            }
        }
        for (String label : plan.scenarios()) {
            if (gate.interrupted()) {
                break;
            }
            Scenario scenario = Scenario.named(label)
                    .orElseThrow(() -> new IllegalStateException("rerun plan names load scenario '" + label
                            + "', which perf does not know; known: " + Scenario.labels()));
            gate.progress()
                    .line("confirm: load " + label + " for " + gate.settings().duration() + " (log: "
                            + RunFolder.log(dir, label) + ")");
            gate.load(scenario, dir, OnInterrupt.STOP);
        }
    }
}
