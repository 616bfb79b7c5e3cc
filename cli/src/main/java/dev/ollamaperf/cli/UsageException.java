package dev.ollamaperf.cli;

/**
 * A usage or configuration error found by {@code perf} itself: a bad option, a missing jar. The message is
 * printed as it is, so it names the command, the thing, the rule and the value; the exit code is 2.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient String usage;

    /** An error without a usage text after it. */
    public UsageException(String message) {
        this(message, null);
    }

    /** An error followed by the command's usage text ({@code null}: none). */
    public UsageException(String message, String usage) {
        super(message);
        this.usage = usage;
    }

    /** Returns the usage text to print after the message, or {@code null}. */
    public String usage() {
        return usage;
    }
}
