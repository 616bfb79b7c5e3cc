package dev.ollamaperf.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What every command works with, injected (docs/style.md #9): {@link Perf#main} passes the real ones, tests
 * pass captured streams, a fixed clock and a {@link ChildLauncher} that starts fakes.
 *
 * @param layout where the jars and the default files are
 * @param env the environment: the target, {@code OLLAMA_*} for environment.json, and the children's whole
 *     environment
 * @param out where results and progress go
 * @param err where errors go
 * @param clock names run folders by their UTC start
 * @param nanoClock measures the elapsed seconds progress lines show
 * @param launcher starts the children
 * @param interrupts Ctrl-C
 */
public record Context(
        Layout layout,
        Map<String, String> env,
        PrintStream out,
        PrintStream err,
        Clock clock,
        LongSupplier nanoClock,
        ChildLauncher launcher,
        Interrupts interrupts) {

    public Context {
        Objects.requireNonNull(layout, "layout");
        env = Map.copyOf(env);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(interrupts, "interrupts");
    }

    /** The command lines of the children. */
    public JavaCommands java() {
        return new JavaCommands(layout);
    }

    /** The reports library, printing to this context's streams. */
    public Reports reports() {
        return new Reports(out, err);
    }

    /** The target of a load with these flags. */
    public Target target(LoadFlags flags) {
        return Target.of(env, flags.value("endpoint").orElse(null));
    }

    /** A file path the user gave, made absolute against the working directory (the file need not exist). */
    public static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /** The default run folder name under {@code target/perf/runs/}: the UTC start, e.g. {@code 2026-11-26T16-05-00Z}. */
    public String runName() {
        return RunNames.of(clock.instant());
    }
}
