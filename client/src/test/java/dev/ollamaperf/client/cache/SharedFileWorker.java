package dev.ollamaperf.client.cache;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The second process of {@link CacheRobustnessTest#twoProcesses_sharingOneFile_seeEachOthersEntries}:
 * stores {@code count} answers under {@code own} prompts, then waits until it can read every answer
 * stored under {@code other} prompts, and prints {@code SEEN <n>} (n = how many it read back correctly).
 * Arguments: file, own prefix, other prefix, count, timeout in ms.
 */
final class SharedFileWorker {

    private SharedFileWorker() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[3]);
        long deadline =
                System.nanoTime() + Duration.ofMillis(Long.parseLong(args[4])).toNanos();
        CacheConfig config = CacheConfig.at(file).withMemoryBytes(0);
        try (ResponseCache cache = ResponseCache.open(config, Clock.systemUTC(), WarningSink.to(System.out))) {
            int seen = exchange(cache, args[1], args[2], count, deadline);
            System.out.println("SEEN " + seen);
            System.out.println("ERRORS " + cache.stats().sqlite().errors());
        }
    }

    /** Stores this side's answers, then reads the other side's until all are there or time is up. */
    static int exchange(ResponseCache cache, String own, String other, int count, long deadlineNanos)
            throws InterruptedException {
        for (int i = 0; i < count; i++) {
            cache.store(
                    EndpointKind.GENERATE,
                    Fixtures.deterministicGenerate(own + i),
                    Fixtures.generateAnswer(own + " answer " + i, java.time.Instant.now()));
        }
        boolean[] found = new boolean[count];
        int seen = 0;
        while (seen < count && System.nanoTime() < deadlineNanos) {
            for (int i = 0; i < count; i++) {
                if (!found[i]) {
                    var answer = cache.lookup(EndpointKind.GENERATE, Fixtures.deterministicGenerate(other + i));
                    if (answer.isPresent() && answer.get().text().equals(other + " answer " + i)) {
                        found[i] = true;
                        seen++;
                    }
                }
            }
            if (seen < count) {
                Thread.sleep(20);
            }
        }
        return seen;
    }
}
