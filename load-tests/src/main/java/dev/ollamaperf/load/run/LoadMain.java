package dev.ollamaperf.load.run;

import io.gatling.app.Gatling$;
import java.io.PrintStream;

/**
 * Gatling's own main ({@code io.gatling.app.Gatling}, same arguments, same exit statuses), plus one: when
 * the target stopped answering during the run and still did not answer at its end ({@link LoadRun#finish}),
 * the JVM exits with {@value TargetCheckMain#UNREACHABLE}, after Gatling's console tables, with one line that
 * says when and where the metrics are: {@code ollama-perf: target http://127.0.0.1:11434 stopped answering at
 * 2026-11-26T16:05:05.123Z (18 connection failures); metrics kept in <run>/load/metrics.json}.
 *
 * <p>Run: {@code java --add-opens=java.base/java.lang=ALL-UNNAMED -cp "load-tests/target/ollama-perf-load-tests.jar:$(cat
 * load-tests/target/runtime-classpath.txt)" dev.ollamaperf.load.run.LoadMain --simulation
 * dev.ollamaperf.load.simulations.SteadySimulation --results-folder target/perf/load/gatling --no-reports}
 * ({@code scripts/perf load} and the gate do this).
 */
public final class LoadMain {

    private LoadMain() {}

    /** Runs Gatling with {@code args} and exits with its status, or 3 when the target stopped answering. */
    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /**
     * Runs Gatling with {@code args} in this JVM.
     *
     * @return Gatling's status, or {@link TargetCheckMain#UNREACHABLE} (after printing why to {@code console})
     *         when the target stopped answering
     */
    public static int run(String[] args, PrintStream console) {
        LoadRun.LOST_TARGET.set(null);
        int status = Gatling$.MODULE$.fromArgs(args);
        String lost = LoadRun.LOST_TARGET.getAndSet(null);
        if (lost == null) {
            return status;
        }
        console.println("ollama-perf: " + lost);
        return TargetCheckMain.UNREACHABLE;
    }
}
