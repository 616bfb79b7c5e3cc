package dev.ollamaperf.load.protocol;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the target has gone quiet, from the outcomes of every request of a run (warm-up and measured
 * phases alike): since when no request got an answer, and how many failed since. An answer, even an HTTP
 * error, means the target is there and ends the silence; a refused or broken connection, a stream dropped
 * without an answer or a timeout extends it. Thread-safe.
 */
public final class TargetWatch {

    private final Clock clock;
    private Instant silentSince;
    private long connectionFailures;
    private long otherFailures;

    /** A watch that stamps the start of a silence with {@code clock}. */
    public TargetWatch(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Notes how one request ended. */
    public synchronized void record(RequestOutcome outcome) {
        switch (outcome) {
            case OK, HTTP_ERROR, STREAM_ERROR -> {
                silentSince = null;
                connectionFailures = 0;
                otherFailures = 0;
            }
            case CONNECTION, DROPPED, TIMEOUT -> {
                if (silentSince == null) {
                    silentSince = clock.instant();
                }
                if (outcome == RequestOutcome.CONNECTION) {
                    connectionFailures++;
                } else {
                    otherFailures++;
                }
            }
        }
    }

    /** The silence that lasts until now, if the last requests got no answer. */
    public synchronized Optional<Silence> silence() {
        return silentSince == null
                ? Optional.empty()
                : Optional.of(new Silence(silentSince, connectionFailures, otherFailures));
    }

    /**
     * A run of requests without an answer.
     *
     * @param since              when the first of them ended
     * @param connectionFailures how many could not connect (or lost the connection before any answer)
     * @param otherFailures      how many were dropped mid-stream or timed out
     */
    public record Silence(Instant since, long connectionFailures, long otherFailures) {

        /** E.g. {@code 37 connection failures} or {@code 37 connection failures, 4 dropped or timed out}. */
        public String describe() {
            return connectionFailures + " connection failures"
                    + (otherFailures == 0 ? "" : ", " + otherFailures + " dropped or timed out");
        }
    }
}
