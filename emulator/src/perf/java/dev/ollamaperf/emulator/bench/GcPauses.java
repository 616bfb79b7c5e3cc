package dev.ollamaperf.emulator.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Collections and their accumulated time in this JVM, summed over every collector. A young pause
 * stops the emulator and the client at once and delays every stream by its length, so a level's
 * tail is read beside how many pauses it had.
 *
 * @param count  collections so far
 * @param millis their accumulated time as the collectors report it (pauses, for G1's young and mixed)
 */
record GcPauses(long count, long millis) {

    /** The collections so far. */
    static GcPauses now() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        return new GcPauses(count, millis);
    }

    GcPauses minus(GcPauses before) {
        return new GcPauses(count - before.count, millis - before.millis);
    }
}
