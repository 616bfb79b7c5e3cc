package dev.ollamaperf.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks in seconds that the load target answers and holds the model, before anything long: the load-tests'
 * {@code TargetCheck} in a load JVM, with the load's settings, its output in {@code <run>/logs/target-check.log}.
 * When it fails, its {@code error:} lines are shown (a person reads one line, not a stack trace) and its exit
 * status 2 (configuration: a bad setting, a profile file without the model) or 3 (unreachable) is the
 * command's; anything else is internal. Used by the gate, {@code perf load}, {@code perf capacity} and
 * {@code perf compare-models}.
 */
final class TargetCheck {

    private static final Pattern ERROR = Pattern.compile("^error:");

    private TargetCheck() {}

    /** Runs the check into {@code run}'s logs; empty when the target is ready or a Ctrl-C stopped the check. */
    static Optional<ExitCode> run(Context context, LoadFlags flags, Path run) throws Exception {
        Path log = RunFolder.log(run, "target-check");
        RunFolder.createLogs(run);
        Child child = context.launcher()
                .start(ChildSpec.detached("target-check", context.java().targetCheck(flags), context.env(), log, null));
        int status = context.interrupts().await(child, OnInterrupt.STOP, null);
        if (context.interrupts().interrupted() || status == 0) {
            return Optional.empty();
        }
        List<String> errors = LogExcerpt.matching(log, ERROR, Integer.MAX_VALUE);
        (errors.isEmpty() ? LogExcerpt.tail(log, 5) : errors).forEach(context.err()::println);
        ExitCode code = ExitCode.of(status);
        return Optional.of(code == ExitCode.USAGE || code == ExitCode.UNREACHABLE ? code : ExitCode.INTERNAL);
    }
}
