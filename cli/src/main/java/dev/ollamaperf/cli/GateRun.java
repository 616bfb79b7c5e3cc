package dev.ollamaperf.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One gate run as its steps see it: the settings, the progress lines, the children they start, and what
 * the report concluded. Made by {@link Gate} for one run; not shared between threads except through
 * {@link Interrupts}.
 */
final class GateRun {

    private final Context context;
    private GateSettings settings;
    private final ProgressLines progress;
    private final List<Path> confirmations = new ArrayList<>();
    private ExitCode verdict = ExitCode.INTERNAL;
    private String targetLost;

    GateRun(Context context, GateSettings settings, ProgressLines progress) {
        this.context = Objects.requireNonNull(context, "context");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    Context context() {
        return context;
    }

    GateSettings settings() {
        return settings;
    }

    /** Runs every load scenario for {@code length} from now on ({@code --sensitivity} sized it before the load). */
    void resize(String length) {
        settings = settings.withDuration(length);
    }

    ProgressLines progress() {
        return progress;
    }

    /** The run folder. */
    Path run() {
        return settings.run();
    }

    /** Whether a Ctrl-C came. */
    boolean interrupted() {
        return context.interrupts().interrupted();
    }

    /**
     * Notes that the target stopped answering during a step: the gate then skips what is left but the report,
     * which covers what was measured and is INVALID for {@code reason}, and ends with exit 3.
     */
    void targetLost(String reason) {
        targetLost = Objects.requireNonNull(reason, "reason");
    }

    /** Why the run is partial, when the target stopped answering during a step. */
    Optional<String> targetLost() {
        return Optional.ofNullable(targetLost);
    }

    /** The last report's verdict (INTERNAL until a report ran). */
    ExitCode verdict() {
        return verdict;
    }

    /** The confirmation folders reported so far, in order. */
    List<Path> confirmations() {
        return List.copyOf(confirmations);
    }

    /**
     * Judges the run with the reports (in-process), with every confirmation folder so far.
     *
     * @return the verdict, also kept as {@link #verdict()}
     */
    ExitCode report() {
        List<String> args = new ArrayList<>(List.of("report", run().toString()));
        settings.history()
                .ifPresentOrElse(
                        db -> args.addAll(List.of("--history", db.toString())), () -> args.add("--no-history"));
        if (settings.budgets() != null) {
            args.addAll(List.of("--budgets", settings.budgets().toString()));
        }
        if (settings.baseline() != null) {
            args.addAll(List.of("--baseline", settings.baseline()));
        } else if (settings.history().isPresent()) {
            args.addAll(List.of("--baseline", "history"));
        }
        confirmations.forEach(dir -> args.addAll(List.of("--confirm", dir.toString())));
        targetLost().ifPresent(reason -> args.addAll(List.of("--invalid", reason)));
        verdict = ExitCode.of(context.reports().run(args));
        return verdict;
    }

    /** Adds a confirmation folder to the next {@link #report()}. */
    void confirmedIn(Path dir) {
        confirmations.add(dir);
    }

    /**
     * Runs the JMH suite into {@code dir} (stopped at once by Ctrl-C).
     *
     * @param include the benchmarks, or empty for the gate's {@code --bench-include} / the whole suite
     * @return its exit status
     */
    int jmh(Path dir, Optional<String> include) throws IOException, InterruptedException {
        return jmh(dir, include, List.of());
    }

    /**
     * Runs the JMH suite into {@code dir} as {@link #jmh(Path, Optional)}, with JMH's own options after {@code --}
     * (which win over the mode's preset), e.g. {@code -f 3} or {@code -e REGEX}.
     */
    int jmh(Path dir, Optional<String> include, List<String> jmhOptions) throws IOException, InterruptedException {
        List<String> args =
                new ArrayList<>(List.of("--mode", settings.benchMode().label(), "--run", dir.toString()));
        include.or(() -> Optional.ofNullable(settings.benchInclude()))
                .ifPresent(regex -> args.addAll(List.of("--include", regex)));
        if (!jmhOptions.isEmpty()) {
            args.add("--");
            args.addAll(jmhOptions);
        }
        return child("jmh", context.java().benchmarkSuite(args), dir, OnInterrupt.STOP);
    }

    /**
     * Runs one of the gate's load scenarios with the gate's settings into {@code dir}: results
     * {@code load/metrics-<scenario>.json}, log {@code logs/<scenario>.log}. Gatling's own assertions may fail
     * it (the verdict is the report's); 3 says the target stopped answering.
     *
     * @param policy FINISH for a gate step, STOP for a confirmation rerun
     * @return its exit status
     */
    int load(Scenario scenario, Path dir, OnInterrupt policy) throws IOException, InterruptedException {
        LoadFlags flags = settings.loadFlags(scenario)
                .with("run", dir.toString())
                .with("metricsFile", "metrics-" + scenario.label() + ".json");
        return child(
                scenario.label(),
                context.java().gatling(scenario.simulation(), flags, dir.resolve("gatling")),
                dir,
                policy);
    }

    private int child(String name, List<String> command, Path dir, OnInterrupt policy)
            throws IOException, InterruptedException {
        Child child = context.launcher()
                .start(ChildSpec.detached(name, command, context.env(), RunFolder.log(dir, name), null));
        return context.interrupts().await(child, policy, OnInterrupt.finishing("gate"));
    }
}
