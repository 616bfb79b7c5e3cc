package dev.ollamaperf.reports.budget;

import java.nio.file.Path;

/**
 * A budget file that cannot be used: malformed, an unknown unit, a selector that matches nothing.
 * The message starts with {@code <file>:<line>:} so an editor can jump to it. The CLI maps it to exit code 2.
 */
public final class BudgetException extends RuntimeException {

    private final Path file;
    private final int line;

    /** Creates the exception for a place in a budget file; {@code line} is 1-based, 0 when unknown. */
    public BudgetException(Path file, int line, String message) {
        this(file, line, message, null);
    }

    /** As {@link #BudgetException(Path, int, String)}, with a cause. */
    public BudgetException(Path file, int line, String message, Throwable cause) {
        super(file + ":" + line + ": " + message, cause);
        this.file = file;
        this.line = line;
    }

    /** Returns the budget file. */
    public Path file() {
        return file;
    }

    /** Returns the 1-based line, 0 when unknown. */
    public int line() {
        return line;
    }
}
