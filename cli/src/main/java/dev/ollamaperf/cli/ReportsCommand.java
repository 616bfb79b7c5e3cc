package dev.ollamaperf.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code perf report}, {@code perf compare}, {@code perf history}: the reports library's command of that name,
 * in-process, with its own options, help and exit codes (reports/README.md). {@code perf report} also takes
 * the gate's {@code --ci SYSTEM} ({@link CiOutputs}), which it keeps from the reports. {@code perf report} and
 * {@code perf history} use the gate's history ({@code target/perf/history.db}) unless told another.
 */
final class ReportsCommand implements Subcommand {

    /** The options of the reports' {@code report} that take a value, so the run folder is the other word. */
    private static final Set<String> REPORT_VALUED =
            Set.of("--budgets", "--baseline", "--history", "--keep", "--baseline-runs", "--confirm", "--invalid");

    private final Context context;
    private final String name;

    ReportsCommand(Context context, String name) {
        this.context = Objects.requireNonNull(context, "context");
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public int run(List<String> args) {
        List<String> all = new ArrayList<>(List.of(name));
        if (!name.equals("report")) {
            all.addAll(args);
            if (name.equals("history") && !names(args, "--db", "--history")) {
                // the gate's history, not the reports library's history.db in the working folder
                all.addAll(List.of("--db", context.layout().defaultHistory().toString()));
            }
            return context.reports().run(all);
        }
        if (!names(args, "--history", "--no-history")) {
            // the gate's history, as for perf gate: not the reports library's history.db beside the run folder
            all.addAll(List.of("--history", context.layout().defaultHistory().toString()));
        }
        String ci = "auto";
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--ci")) {
                if (i + 1 == args.size()) {
                    throw new UsageException("perf report: '--ci' needs a value: " + CiSystem.CHOICES);
                }
                ci = args.get(++i);
            } else if (arg.startsWith("--ci=")) {
                ci = arg.substring("--ci=".length());
            } else {
                all.add(arg);
            }
        }
        String value = ci;
        CiSystem system = CiSystem.named(value, context.env())
                .orElseThrow(() -> new UsageException(
                        "perf report: '--ci' must be " + CiSystem.CHOICES + ", got: '" + value + "'"));
        int status = context.reports().run(all);
        runFolder(all.subList(1, all.size()))
                .filter(Files::isDirectory)
                .ifPresent(run -> new CiOutputs(context, "report").publish(system, run, null, ExitCode.of(status)));
        return status;
    }

    /** Whether {@code args} hold one of the options {@code names}, alone or as {@code --name=value}. */
    private static boolean names(List<String> args, String... names) {
        for (String arg : args) {
            for (String option : names) {
                if (arg.equals(option) || arg.startsWith(option + "=")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The reports' {@code RUN_DIR}: the first word that is neither an option nor an option's value. */
    private static Optional<Path> runFolder(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                return Optional.empty();
            }
            if (REPORT_VALUED.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return Optional.of(Context.absolute(Path.of(arg)));
            }
        }
        return Optional.empty();
    }
}
