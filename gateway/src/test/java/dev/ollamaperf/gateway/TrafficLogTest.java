package dev.ollamaperf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.results.FormatFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The writer thread: a full queue drops and counts instead of waiting; close writes what is queued; append. */
@Timeout(30)
final class TrafficLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void record_queueFullWhileTheFileBlocks_dropsAndCountsWithoutWaiting() throws Exception {
        BlockingWriter out = new BlockingWriter();
        TrafficLog log = TrafficLog.writingTo(out, settings(), CLOCK, err, 2);
        log.record(observation(log)); // taken by the writer, which then blocks in write
        assertThat(out.writing.await(10, TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < 5; i++) {
            log.record(observation(log)); // 2 fit in the queue, 3 are dropped
        }

        assertThat(log.dropped()).isEqualTo(3);
        out.release.countDown();
        log.close();
        assertThat(log.written()).isEqualTo(3);
        assertThat(out.text().lines()).hasSize(3);
    }

    @Test
    void close_writesWhatIsQueuedThenDropsLateRecords() throws IOException {
        Path file = dir.resolve("t.jsonl");
        TrafficLog log = TrafficLog.open(new TrafficLogSettings(file, false), CLOCK, err);
        for (int i = 0; i < 100; i++) {
            log.record(observation(log));
        }

        log.close();
        log.record(observation(log));

        assertThat(FormatFiles.readTraffic(file)).hasSize(100);
        assertThat(log.written()).isEqualTo(100);
        assertThat(log.dropped()).isEqualTo(1);
        assertThat(log.summary())
                .isEqualTo("traffic log " + file + ": 100 lines written, 1 dropped (queue full or file failed)");
    }

    @Test
    void open_existingFile_appends() throws IOException {
        Path file = dir.resolve("t.jsonl");
        for (int run = 0; run < 2; run++) {
            TrafficLog log = TrafficLog.open(new TrafficLogSettings(file, false), CLOCK, err);
            log.record(observation(log));
            log.close();
        }

        assertThat(FormatFiles.readTraffic(file)).hasSize(2);
    }

    @Test
    void write_fileFails_reportsOnceAndCountsTheRestAsDropped() throws Exception {
        TrafficLog log = TrafficLog.writingTo(new FailingWriter(), settings(), CLOCK, err, 16);
        log.record(observation(log));
        waitFor(() -> !errBytes.toString(StandardCharsets.UTF_8).isEmpty());
        log.record(observation(log));
        log.close();

        assertThat(errBytes.toString(StandardCharsets.UTF_8))
                .contains("WARNING: the traffic log")
                .contains("disk full");
        assertThat(log.written()).isZero();
        assertThat(log.dropped()).isEqualTo(1);
    }

    private TrafficLogSettings settings() {
        return new TrafficLogSettings(dir.resolve("unused.jsonl"), false);
    }

    private static TrafficObservation observation(TrafficLog log) {
        TrafficObservation o = log.begin("/api/chat");
        o.request(JSON.createObjectNode().put("model", "m"));
        return o;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** A writer whose first write waits until released, like a stalled disk. */
    private static final class BlockingWriter extends Writer {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final StringWriter text = new StringWriter();

        @Override
        public synchronized void write(char[] chars, int off, int len) throws IOException {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            text.write(chars, off, len);
        }

        @Override
        public void write(String s) throws IOException {
            write(s.toCharArray(), 0, s.length());
        }

        synchronized String text() {
            return text.toString();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /** A writer that fails every write. */
    private static final class FailingWriter extends Writer {
        @Override
        public void write(char[] chars, int off, int len) throws IOException {
            throw new IOException("disk full");
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
