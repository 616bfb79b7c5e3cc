package dev.ollamaperf.cli;

import java.util.List;

/** One of {@code perf}'s commands ({@link PerfCommand} lists them). */
interface Subcommand {

    /**
     * Runs the command.
     *
     * @param args what follows the command's name
     * @return the exit status ({@link ExitCode}, or a child's own status for the commands that are a child)
     * @throws UsageException for a usage or configuration error (printed, exit 2)
     */
    int run(List<String> args) throws Exception;
}
