package dev.ollamaperf.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code perf bench ...}: the JMH suite with a preset, in the foreground; every argument goes to
 * {@code BenchmarkSuite} as it is (its own {@code --help} is the usage). The run folder it will write gets an
 * environment.json first, unless it has one.
 */
final class BenchCommand implements Subcommand {

    /** BenchmarkSuite's default run folder. */
    static final Path DEFAULT_RUN = Path.of("target/perf/manual");

    private final Context context;

    BenchCommand(Context context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public int run(List<String> args) throws Exception {
        Optional<Path> run = runFolder(args);
        if (run.isPresent()) {
            int status = context.reports()
                    .environment(
                            Context.absolute(run.get()),
                            context.target(LoadFlags.none()),
                            List.of("bench=" + String.join(" ", args)),
                            false);
            if (status != 0) {
                return status;
            }
        }
        return ForegroundChild.run(context, "jmh", context.java().benchmarkSuite(args));
    }

    /**
     * The folder BenchmarkSuite will write: {@code --run DIR} / {@code --run=DIR} before {@code --}, else its
     * default; none when it will only print (help, version).
     */
    static Optional<Path> runFolder(List<String> args) {
        Optional<Path> run = Optional.of(DEFAULT_RUN);
        for (int i = 0; i < args.size() && !args.get(i).equals("--"); i++) {
            String arg = args.get(i);
            if (List.of("-h", "--help", "-V", "--version").contains(arg)) {
                return Optional.empty();
            } else if (arg.startsWith("--run=")) {
                run = Optional.of(Path.of(arg.substring("--run=".length())));
            } else if (arg.equals("--run") && i + 1 < args.size()) {
                run = Optional.of(Path.of(args.get(i + 1)));
            }
        }
        return run;
    }
}
