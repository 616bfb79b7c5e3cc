package dev.ollamaperf.reports.history;

import java.nio.file.Path;

/** The history database cannot be opened, read or written; the message names the file. */
public final class HistoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code file}; the message is prefixed with the file. */
    public HistoryException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
