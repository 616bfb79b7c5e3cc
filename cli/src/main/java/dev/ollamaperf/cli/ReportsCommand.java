package dev.ollamaperf.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code perf report}, {@code perf compare}, {@code perf history}: the reports library's command of that name,
 * in-process, with its own options, help and exit codes (reports/README.md).
 */
final class ReportsCommand implements Subcommand {

    private final Context context;
    private final String name;

    ReportsCommand(Context context, String name) {
        this.context = Objects.requireNonNull(context, "context");
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public int run(List<String> args) {
        List<String> all = new ArrayList<>(List.of(name));
        all.addAll(args);
        return context.reports().run(all);
    }
}
