package dev.ollamaperf.cli;

import java.util.List;
import java.util.Objects;

/** {@code perf emulator ...}: the Ollama emulator in the foreground, with its own options (emulator/README.md). */
final class EmulatorCommand implements Subcommand {

    private final Context context;

    EmulatorCommand(Context context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public int run(List<String> args) throws Exception {
        return ForegroundChild.run(context, "emulator", context.java().emulator(args));
    }
}
