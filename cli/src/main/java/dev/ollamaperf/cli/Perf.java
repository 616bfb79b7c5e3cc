package dev.ollamaperf.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code perf}, the one command a person types ({@code scripts/perf} builds it when needed and starts
 * this class): the gate, the study commands, the benchmarks, the load scenarios, the emulator and the
 * reports, each a {@link PerfCommand}. Exit codes: {@link ExitCode}. How it starts children and handles
 * Ctrl-C: cli/README.md.
 */
public final class Perf {

    private final Context context;

    /** A {@code perf} working in {@code context} (tests give theirs). */
    public Perf(Context context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        Context context = new Context(
                Layout.ofThisJvm(),
                System.getenv(),
                out,
                err,
                Clock.systemUTC(),
                System::nanoTime,
                new ProcessLauncher(),
                new Interrupts(new JvmSignals(), err));
        System.exit(new Perf(context).run(args));
    }

    /**
     * Runs one command line, e.g. {@code gate --duration 5s}.
     *
     * @return the exit status
     */
    public int run(String... args) {
        String name = args.length == 0 ? PerfCommand.HELP.label() : args[0];
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        Optional<PerfCommand> command = PerfCommand.named(name);
        if (command.isEmpty()) {
            context.err().println("perf: unknown command '" + name + "'.");
            context.err().print(HelpCommand.USAGE);
            return ExitCode.USAGE.code();
        }
        try {
            return command.get().create(context).run(rest);
        } catch (UsageException e) {
            context.err().println(e.getMessage());
            if (e.usage() != null) {
                context.err().print(e.usage());
            }
            return ExitCode.USAGE.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.INTERRUPTED.code();
        } catch (Exception e) {
            context.err()
                    .println("perf " + name + ": internal error: " + e
                            + " (a bug in ollama-perf; please report it with this line)");
            e.printStackTrace(context.err());
            return ExitCode.INTERNAL.code();
        } finally {
            context.out().flush();
            context.err().flush();
        }
    }
}
