package dev.ollamaperf.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Names of run folders: their UTC start, sortable, without colons (they are path names on every OS). */
final class RunNames {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

    private RunNames() {}

    /** Returns e.g. {@code 2026-11-26T16-05-00Z}. */
    static String of(Instant start) {
        return FORMAT.format(start);
    }
}
