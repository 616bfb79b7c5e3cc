package dev.ollamaperf.cli;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The exit codes of {@code perf}, defined once: every command, the usage texts and the children's codes
 * mapped onto them come from here.
 */
public enum ExitCode {
    /** The command did its job; for the gate, every fail budget holds. */
    PASS(0, "pass"),
    /** A fail budget or a regression check failed (or, for {@code compare-models}, the run is INVALID). */
    FAIL(1, "budget or regression failure"),
    /** A bad command line, a missing file, a profile without the model, a jar that needs a build. */
    USAGE(2, "usage or configuration error"),
    /** The target does not answer or lacks a model, or the machine is not ready (another JMH running). */
    UNREACHABLE(3, "target unreachable or preflight failure"),
    /** A bug: an unexpected exception or a child that failed in a way nobody planned for. */
    INTERNAL(4, "internal error"),
    /** Ctrl-C: what was measured before it is reported first where the command says so. */
    INTERRUPTED(130, "interrupted");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** Returns the process exit status. */
    public int code() {
        return code;
    }

    /** Returns what the code means, in the words of the usage texts. */
    public String meaning() {
        return meaning;
    }

    /**
     * Returns the code a child's or the reports' exit status stands for: 0-4 and 130 as themselves, anything
     * else (a JVM killed by a signal, an unknown status) as {@link #INTERNAL}.
     */
    public static ExitCode of(int status) {
        return Arrays.stream(values()).filter(c -> c.code == status).findFirst().orElse(INTERNAL);
    }

    /** Returns the list for usage texts: {@code 0 pass, 1 budget or regression failure, ... 130 interrupted}. */
    public static String describeAll() {
        return Arrays.stream(values()).map(c -> c.code + " " + c.meaning).collect(Collectors.joining(", "));
    }
}
