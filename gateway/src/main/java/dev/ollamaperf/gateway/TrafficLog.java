package dev.ollamaperf.gateway;

import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.TrafficRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The gateway's traffic log: one {@link TrafficRecord} line per model request, appended to a file
 * ({@code OLLAMA_TRAFFIC_LOG}).
 *
 * <p>Implementation notes: the request path only offers a record to a bounded queue ({@value #QUEUE_CAPACITY}
 * records) and never waits: when the queue is full the record is dropped and counted ({@link #dropped()}, in
 * {@code /metrics} and printed at shutdown), so a slow disk costs lines, never latency. One daemon thread takes
 * records off the queue, encodes and writes them, and flushes whenever the queue is empty, so a line reaches the
 * file within one poll ({@value #POLL_MILLIS} ms) of the batch it came with. It is never interrupted (an interrupt
 * would close the file channel under it): {@link #close} sets a flag, and the thread drains the queue, flushes,
 * closes the file and ends. A write that fails is reported once to the error stream; later records are dropped and
 * counted.
 *
 * <p>Counters: {@code written} moves when a line has been handed to the file's writer; {@code dropped} when a
 * record was refused (queue full, log closed, or the file failed).
 */
public final class TrafficLog implements AutoCloseable {

    static final int QUEUE_CAPACITY = 8192;
    static final long POLL_MILLIS = 200;

    private final TrafficLogSettings settings;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final BlockingQueue<TrafficRecord> queue;
    private final Writer out;
    private final PrintStream err;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closing;
    private volatile boolean broken;

    private TrafficLog(
            TrafficLogSettings settings, Clock clock, LongSupplier nanoClock, Writer out, PrintStream err, int queue) {
        this.settings = settings;
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.out = out;
        this.err = err;
        this.queue = new ArrayBlockingQueue<>(queue);
        if (out == null) {
            this.thread = null;
            return;
        }
        this.thread = new Thread(this::run, "ollama-gateway-traffic-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** No log: {@link #enabled()} is false and nothing is recorded. */
    public static TrafficLog off(Clock clock) {
        return new TrafficLog(TrafficLogSettings.OFF, clock, System::nanoTime, null, System.err, 1);
    }

    /**
     * Opens {@code settings.file()} for appending (creating it) and starts the writer thread; {@link #off} when
     * the settings say so.
     *
     * @param clock stamps each request's arrival
     * @param err   where a failed write is reported
     * @throws IOException when the file cannot be opened for appending (its folder is missing, it is a folder, ...)
     */
    public static TrafficLog open(TrafficLogSettings settings, Clock clock, PrintStream err) throws IOException {
        return open(settings, clock, System::nanoTime, err, QUEUE_CAPACITY);
    }

    static TrafficLog open(
            TrafficLogSettings settings, Clock clock, LongSupplier nanoClock, PrintStream err, int queueCapacity)
            throws IOException {
        if (!settings.enabled()) {
            return new TrafficLog(settings, clock, nanoClock, null, err, 1);
        }
        OutputStream file = Files.newOutputStream(
                settings.file(), StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        Writer writer = new OutputStreamWriter(file, StandardCharsets.UTF_8);
        return new TrafficLog(settings, clock, nanoClock, writer, err, queueCapacity);
    }

    /** A log writing to {@code out} instead of a file (tests: a writer that blocks or fails). */
    static TrafficLog writingTo(Writer out, TrafficLogSettings settings, Clock clock, PrintStream err, int queue) {
        return new TrafficLog(settings, clock, System::nanoTime, out, err, queue);
    }

    /** Whether lines are written. */
    public boolean enabled() {
        return out != null;
    }

    /** The settings it was opened with. */
    public TrafficLogSettings settings() {
        return settings;
    }

    /** Starts observing one model request that arrives now at {@code endpoint}. */
    TrafficObservation begin(String endpoint) {
        return new TrafficObservation(endpoint, clock.instant(), nanoClock, settings.text());
    }

    /** Queues the finished observation's line; never blocks (a full queue drops it and counts the drop). */
    void record(TrafficObservation observation) {
        if (!enabled()) {
            return;
        }
        if (closing || broken || !queue.offer(observation.toRecord())) {
            dropped.incrementAndGet();
        }
    }

    /** Lines handed to the file so far. */
    public long written() {
        return written.get();
    }

    /** Records dropped so far (queue full, log closed or the file failed). */
    public long dropped() {
        return dropped.get();
    }

    /** The counters in Prometheus text; empty when the log is off. */
    String prometheus() {
        if (!enabled()) {
            return "";
        }
        return "# HELP ollama_gateway_traffic_log_records_total Traffic log records, by what became of them.\n"
                + "# TYPE ollama_gateway_traffic_log_records_total counter\n"
                + "ollama_gateway_traffic_log_records_total{result=\"written\"} " + written() + "\n"
                + "ollama_gateway_traffic_log_records_total{result=\"dropped\"} " + dropped() + "\n";
    }

    private void run() {
        List<TrafficRecord> batch = new ArrayList<>();
        try {
            while (true) {
                boolean last = closing; // read before draining: whatever was queued before close() is written
                TrafficRecord first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch);
                    write(batch);
                    batch.clear();
                } else if (last) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                report(e);
            }
        }
    }

    private void write(List<TrafficRecord> batch) {
        if (broken) {
            dropped.addAndGet(batch.size());
            return;
        }
        try {
            for (TrafficRecord record : batch) {
                out.write(FormatFiles.trafficLine(record));
                out.write('\n');
                written.incrementAndGet();
            }
            out.flush();
        } catch (IOException e) {
            broken = true;
            report(e);
        }
    }

    private void report(IOException e) {
        err.println("ollama-gateway: WARNING: the traffic log " + settings.file() + " cannot be written (" + e
                + "); its later records are dropped");
    }

    /** Writes what is queued, flushes and closes the file; records offered from now on are dropped. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a record offered just as the writer ended (it saw the flag and an empty queue) is counted, not lost
        List<TrafficRecord> late = new ArrayList<>();
        queue.drainTo(late);
        dropped.addAndGet(late.size());
    }

    /** One line for the shutdown message. */
    public String summary() {
        return enabled()
                ? "traffic log " + settings.file() + ": " + written() + " lines written, " + dropped()
                        + " dropped (queue full or file failed)"
                : "traffic log off";
    }
}
