package dev.ollamaperf.cli;

import java.util.List;

/**
 * Runs a child in the foreground, as if {@code perf} were that program: {@code perf load}, {@code perf bench},
 * {@code perf emulator}, {@code perf record-profile}. A Ctrl-C in the terminal reaches the child directly; one
 * sent to {@code perf} alone ({@code kill -INT}) stops it. The exit status is the child's, or 130 after a
 * Ctrl-C.
 */
final class ForegroundChild {

    private ForegroundChild() {}

    /** Runs {@code command} with the context's environment; returns its status, or 130 when interrupted. */
    static int run(Context context, String name, List<String> command) throws Exception {
        context.interrupts().listen();
        Child child = context.launcher().start(ChildSpec.foreground(name, command, context.env()));
        int status = context.interrupts().await(child, OnInterrupt.STOP, null);
        return context.interrupts().interrupted() ? ExitCode.INTERRUPTED.code() : status;
    }
}
