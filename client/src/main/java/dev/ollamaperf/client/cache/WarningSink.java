package dev.ollamaperf.client.cache;

import java.io.PrintStream;
import java.util.Objects;

/**
 * Where the cache reports problems it recovers from (a corrupt or unreadable file, a failing SQLite
 * operation). The cache never fails a request for them; it says so once through this sink.
 */
@FunctionalInterface
public interface WarningSink {

    /** Reports one warning; {@code message} is a complete sentence naming the file or operation. */
    void warn(String message);

    /** A sink printing {@code WARNING: <message>} lines to {@code out}. */
    static WarningSink to(PrintStream out) {
        Objects.requireNonNull(out, "out");
        return message -> out.println("WARNING: " + message);
    }
}
