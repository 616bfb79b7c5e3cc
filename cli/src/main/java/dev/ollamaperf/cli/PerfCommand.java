package dev.ollamaperf.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The commands of {@code perf}, each a factory of its {@link Subcommand}. */
enum PerfCommand {
    GATE("gate", GateCommand::new),
    EMULATOR("emulator", EmulatorCommand::new),
    BENCH("bench", BenchCommand::new),
    LOAD("load", LoadCommand::new),
    RECORD_PROFILE("record-profile", RecordProfileCommand::new),
    REPORT("report", context -> new ReportsCommand(context, "report")),
    COMPARE("compare", context -> new ReportsCommand(context, "compare")),
    HISTORY("history", context -> new ReportsCommand(context, "history")),
    CAPACITY("capacity", CapacityCommand::new),
    COMPARE_MODELS("compare-models", CompareModelsCommand::new),
    HELP("help", HelpCommand::new);

    /** What else asks for the overall help. */
    static final List<String> HELP_ALIASES = List.of("-h", "--help");

    private final String label;
    private final Function<Context, Subcommand> factory;

    PerfCommand(String label, Function<Context, Subcommand> factory) {
        this.label = label;
        this.factory = factory;
    }

    /** Returns the name a user types. */
    String label() {
        return label;
    }

    /** Returns the command for {@code context}. */
    Subcommand create(Context context) {
        return factory.apply(context);
    }

    /** Returns the command of that name (or {@code -h} / {@code --help} for help), if there is one. */
    static Optional<PerfCommand> named(String label) {
        if (HELP_ALIASES.contains(label)) {
            return Optional.of(HELP);
        }
        return Arrays.stream(values()).filter(c -> c.label.equals(label)).findFirst();
    }
}
