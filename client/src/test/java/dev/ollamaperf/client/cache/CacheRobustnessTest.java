package dev.ollamaperf.client.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class CacheRobustnessTest {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final RecordingWarnings warnings = new RecordingWarnings();

    @Test
    void open_garbageFile_movesItAsideWarnsOnceAndStartsAnEmptyCache() throws Exception {
        Path file = dir.resolve("responses.db");
        byte[] garbage = new byte[8192];
        new Random(7).nextBytes(garbage);
        Files.write(file, garbage);
        var request = Fixtures.deterministicGenerate("q");

        try (ResponseCache cache = ResponseCache.open(CacheConfig.at(file), clock, warnings)) {
            assertThat(cache.lookup(EndpointKind.GENERATE, request)).isEmpty();
            assertThat(cache.store(EndpointKind.GENERATE, request, Fixtures.generateAnswer(clock.instant())))
                    .isTrue();
            assertThat(cache.stats().persistent()).isTrue();
        }

        Path aside = dir.resolve("responses.db.corrupt-20260301T100000Z");
        assertThat(aside).exists().hasBinaryContent(garbage);
        assertThat(warnings.messages())
                .singleElement()
                .asString()
                .contains("'" + file + "' is not a valid SQLite database")
                .contains("moved it to '" + aside + "'");
        try (ResponseCache reopened = ResponseCache.open(CacheConfig.at(file), clock, warnings)) {
            assertThat(reopened.lookup(EndpointKind.GENERATE, request)).isPresent();
        }
        assertThat(warnings.messages()).hasSize(1);
    }

    @Test
    void open_garbageTwiceInOneSecond_keepsBothCorruptCopies() throws Exception {
        Path file = dir.resolve("responses.db");
        for (int round = 0; round < 2; round++) {
            Files.write(file, ("not a database, round " + round).repeat(100).getBytes(StandardCharsets.UTF_8));
            ResponseCache.open(CacheConfig.at(file), clock, warnings).close();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".corrupt-")))
                    .containsExactlyInAnyOrder(
                            "responses.db.corrupt-20260301T100000Z", "responses.db.corrupt-20260301T100000Z-1");
        }
        assertThat(warnings.messages()).hasSize(2);
    }

    @Test
    void open_pathIsADirectory_runsMemoryOnlyWithOneWarningAndServesRequests() throws Exception {
        Path notAFile = Files.createDirectory(dir.resolve("responses.db"));
        var request = Fixtures.deterministicGenerate("q");

        try (ResponseCache cache = ResponseCache.open(CacheConfig.at(notAFile), clock, warnings)) {
            assertThat(cache.lookup(EndpointKind.GENERATE, request)).isEmpty();
            assertThat(cache.store(EndpointKind.GENERATE, request, Fixtures.generateAnswer(clock.instant())))
                    .isTrue();
            assertThat(cache.lookup(EndpointKind.GENERATE, request)).isPresent();
            CacheStats stats = cache.stats();
            assertThat(stats.persistent()).isFalse();
            assertThat(stats.sqlite()).isEqualTo(TierStats.EMPTY);
            assertThat(stats.memory().hits()).isEqualTo(1);
        }
        assertThat(warnings.messages())
                .singleElement()
                .asString()
                .contains("'" + notAFile + "' cannot be opened")
                .contains("memory-only");
        assertThat(notAFile).isDirectory();
    }

    @Test
    void open_folderIsAFile_runsMemoryOnlyWithOneWarning() throws Exception {
        Path blocker = Files.writeString(dir.resolve("cache"), "a file where a folder should be");
        try (ResponseCache cache =
                ResponseCache.open(CacheConfig.at(blocker.resolve("responses.db")), clock, warnings)) {
            assertThat(cache.stats().persistent()).isFalse();
        }
        assertThat(warnings.messages()).singleElement().asString().contains("memory-only");
    }

    @Test
    void sqliteFailingWhileRunning_countsErrorsWarnsOnceAndNeverFailsARequest() throws Exception {
        Path file = dir.resolve("responses.db");
        var request = Fixtures.deterministicGenerate("q");
        try (ResponseCache cache = ResponseCache.open(CacheConfig.at(file).withMemoryBytes(0), clock, warnings)) {
            cache.store(EndpointKind.GENERATE, request, Fixtures.generateAnswer(clock.instant()));
            try (var other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                    var statement = other.createStatement()) {
                statement.execute("DROP TABLE responses"); // another process breaking the file under us
            }

            assertThat(cache.lookup(EndpointKind.GENERATE, request)).isEmpty();
            assertThat(cache.store(EndpointKind.GENERATE, request, Fixtures.generateAnswer(clock.instant())))
                    .isTrue();
            assertThat(cache.lookup(EndpointKind.GENERATE, request)).isEmpty();

            TierStats sqlite = cache.stats().sqlite();
            assertThat(sqlite.errors()).isGreaterThanOrEqualTo(3);
            assertThat(sqlite.misses()).isEqualTo(2);
        }
        assertThat(warnings.messages())
                .singleElement()
                .asString()
                .contains("'" + file + "' failed")
                .contains("no such table");
    }

    @Test
    void manyThreads_mixedGetAndPut_loseAndCorruptNothing() throws Exception {
        // A small memory tier forces most reads through SQLite while other threads write.
        CacheConfig config = CacheConfig.at(dir.resolve("responses.db")).withMemoryBytes(4 * 1024);
        int threads = 16;
        int keys = 64;
        int opsPerThread = 300;
        try (ResponseCache cache = ResponseCache.open(config, clock, warnings)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger wrong = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    start.await();
                    for (int op = 0; op < opsPerThread; op++) {
                        int k = random.nextInt(keys);
                        var request = Fixtures.deterministicGenerate("prompt " + k);
                        if (random.nextBoolean()) {
                            cache.store(EndpointKind.GENERATE, request, answer(k));
                        } else {
                            Optional<CachedResponse> found = cache.lookup(EndpointKind.GENERATE, request);
                            if (found.isPresent() && !found.get().equals(answer(k))) {
                                wrong.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(45, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(wrong).as("answers served for the wrong key or damaged").hasValue(0);
            CacheStats stats = cache.stats();
            assertThat(stats.sqlite().errors()).isZero();
            assertThat(stats.memory().misses())
                    .isEqualTo(stats.sqlite().hits() + stats.sqlite().misses());
            List<Integer> missing = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                if (!cache.lookup(EndpointKind.GENERATE, Fixtures.deterministicGenerate("prompt " + k))
                        .equals(Optional.of(answer(k)))) {
                    missing.add(k);
                }
            }
            assertThat(missing).as("keys written at least once but not found").isEmpty();
            assertThat(cache.stats().sqlite().entries()).isEqualTo(keys);
        }
        assertThat(warnings.messages()).isEmpty();
    }

    private CachedResponse answer(int k) {
        return Fixtures.generateAnswer("answer number " + k + " " + "x".repeat(k * 10), clock.instant());
    }

    @Test
    @Timeout(90)
    void twoProcesses_sharingOneFile_seeEachOthersEntries() throws Exception {
        Path file = dir.resolve("shared.db");
        int count = 40;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SharedFileWorker.class.getName(),
                        file.toString(),
                        "child",
                        "parent",
                        String.valueOf(count),
                        "60000")
                .redirectErrorStream(true)
                .start();
        try {
            CacheConfig config = CacheConfig.at(file).withMemoryBytes(0);
            int seen;
            try (ResponseCache cache = ResponseCache.open(config, Clock.systemUTC(), warnings)) {
                seen = SharedFileWorker.exchange(
                        cache,
                        "parent",
                        "child",
                        count,
                        System.nanoTime() + Duration.ofSeconds(60).toNanos());
                assertThat(cache.stats().sqlite().errors()).isZero();
            }
            assertThat(child.waitFor(70, TimeUnit.SECONDS)).as("child finished").isTrue();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(seen).as("child's entries seen by the parent").isEqualTo(count);
            assertThat(output)
                    .as("child output")
                    .contains("SEEN " + count)
                    .contains("ERRORS 0")
                    .doesNotContain("WARNING");
            assertThat(child.exitValue()).isZero();
            assertThat(warnings.messages()).isEmpty();
        } finally {
            child.destroyForcibly();
        }
    }
}
