package dev.ollamaperf.reports.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code failing-parts RUN_DIR}: what to rerun to confirm the failed checks of a judged run ({@link FailingParts}). */
@Command(
        name = "failing-parts",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        description = {
            "Reads RUN_DIR/results.json (written by report) and prints what to rerun to confirm its failed "
                    + "budget checks, one line each: 'checks N' (failed checks), 'jmh REGEX' (a --include regex of the failing "
                    + "benchmark methods), 'load SCENARIO' (steady or arrival), 'unconfirmable WHY' (an invalid run, or a metric "
                    + "no rerun measures). A run that did not fail prints 'checks 0'."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:no or malformed results.json"})
final class FailingPartsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run folder that report has judged")
    Path runDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        FailingParts.plan(runDir).lines().forEach(out::println);
        out.flush();
        return 0;
    }
}
