package dev.ollamaperf.cli;

import java.util.List;
import java.util.Objects;

/**
 * {@code perf record-profile ...}: measures a real Ollama's models into an emulator profile file, in the
 * foreground, with its own options (load-tests/README.md).
 */
final class RecordProfileCommand implements Subcommand {

    private final Context context;

    RecordProfileCommand(Context context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public int run(List<String> args) throws Exception {
        return ForegroundChild.run(context, "record-profile", context.java().recordProfile(args));
    }
}
