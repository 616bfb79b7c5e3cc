package dev.ollamaperf.load.protocol;

/**
 * How long a virtual user waits before its next request after connection failures in a row: 100 ms
 * after the first, doubling, at most 1 s. A closed-model user otherwise sends its next request the
 * moment a refused connection fails, thousands a second against a dead target; with the back-off it
 * sends at most about one a second. Any answer (even an HTTP error) ends the run of failures, so a
 * target that comes back gets the full load again at once.
 *
 * <p>An open-model user sends one request, so the wait only delays its end: arrivals keep their rate,
 * and a dead target sees the arrival rate, each attempt counted as a {@code connection} error.
 */
public final class ConnectionBackoff {

    /** The wait after the first connection failure. */
    public static final long FIRST_MILLIS = 100;
    /** The longest wait. */
    public static final long MAX_MILLIS = 1_000;
    /** The session attribute holding the user's connection failures in a row. */
    static final String FAILURES = "ollama.perf.connectionFailuresInARow";

    private ConnectionBackoff() {}

    /**
     * The wait before the next request.
     *
     * @param failuresInARow the user's connection failures in a row, the last one included; 0 after an answer
     */
    public static long delayMillis(int failuresInARow) {
        if (failuresInARow <= 0) {
            return 0;
        }
        int doublings = Math.min(failuresInARow - 1, 20);
        return Math.min(MAX_MILLIS, FIRST_MILLIS << doublings);
    }
}
