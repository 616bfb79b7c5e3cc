package dev.ollamaperf.reports.cli;

/** Bad input found by the command line itself (a missing folder, a history that does not exist): exit 2. */
final class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InputException(String message) {
        super(message);
    }
}
