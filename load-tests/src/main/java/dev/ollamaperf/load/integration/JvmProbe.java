package dev.ollamaperf.load.integration;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.ollamaperf.results.IntegrationMetrics;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Measures the memory of the JVM it runs in (the integration's) over one window: heap left by each collection
 * (from the JVM's GC notifications), bytes allocated by all threads ({@code com.sun.management.ThreadMXBean}),
 * resident set size ({@code /proc/self/status}, Linux), live threads and GC pauses. The window opens and closes
 * with a full collection, outside the measured requests, so the heap it leaves compares between runs and the
 * growth over the window shows what the requests kept (a leak).
 */
final class JvmProbe implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 500;
    private static final String PROC_STATUS = "/proc/self/status";
    private static final byte[] RSS_KEY = "VmRSS:".getBytes(StandardCharsets.US_ASCII);

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ollama-perf-jvm-probe");
        thread.setDaemon(true);
        return thread;
    });

    private final byte[] statusBuffer = new byte[8192];

    // guarded by this
    private Window window;

    JvmProbe() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(this::onGc, null, null);
            }
        }
    }

    /** Opens the window: a full collection, then counters from here. */
    synchronized void openWindow() {
        System.gc();
        long heapAfterGc = heapUsed();
        threads.resetPeakThreadCount();
        window = new Window(System.nanoTime(), heapAfterGc, threads.getTotalThreadAllocatedBytes());
        window.sampling = sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Closes the window with a full collection.
     *
     * @throws IllegalStateException when it was not opened
     */
    IntegrationMetrics.JvmMemory closeWindow() {
        Window w;
        synchronized (this) {
            if (window == null) {
                throw new IllegalStateException("the memory window was not opened");
            }
            w = window;
            w.sampling.cancel(false);
        }
        long allocated = threads.getTotalThreadAllocatedBytes() - w.allocatedAtStart;
        sample();
        System.gc();
        long heapAfterGc = heapUsed();
        synchronized (this) {
            window = null;
            long[] pauses =
                    w.pauses.stream().mapToLong(Long::longValue).sorted().toArray();
            long max = pauses.length == 0 ? 0 : pauses[pauses.length - 1];
            long p99 = pauses.length == 0 ? 0 : pauses[(int) Math.ceil(0.99 * pauses.length) - 1];
            return new IntegrationMetrics.JvmMemory(
                    w.heapAfterGcAtStart,
                    heapAfterGc,
                    Math.max(heapAfterGc, w.heapAfterGcPeak),
                    Math.max(0, allocated),
                    w.rssPeak,
                    pauses.length,
                    p99,
                    max,
                    threads.getPeakThreadCount(),
                    w.samples);
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    private synchronized void sample() {
        if (window == null) {
            return;
        }
        long rss = residentSetBytes();
        window.rssPeak = Math.max(window.rssPeak, rss);
        long tMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - window.startNanos);
        window.samples.add(new IntegrationMetrics.Sample(
                tMs,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                rss,
                threads.getThreadCount()));
    }

    private void onGc(Notification notification, Object handback) {
        if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long heapLeft = heapOf(info.getGcInfo().getMemoryUsageAfterGc());
        synchronized (this) {
            if (window == null) {
                return;
            }
            window.heapAfterGcPeak = Math.max(window.heapAfterGcPeak, heapLeft);
            // the window's own full collections are ours, not the integration's: their pauses are left out
            if (!"System.gc()".equals(info.getGcCause())) {
                window.pauses.add(TimeUnit.MILLISECONDS.toNanos(info.getGcInfo().getDuration()));
            }
        }
    }

    private long heapOf(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream()
                .filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed())
                .sum();
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * VmRSS of {@code /proc/self/status} in bytes; 0 where there is no such file (not Linux). Read into a buffer
     * kept for the purpose and parsed by hand: the probe samples every {@value #SAMPLE_MILLIS} ms inside the
     * JVM it measures, and {@code Files.readAllLines} would allocate some 30 KB per sample there.
     */
    long residentSetBytes() {
        int length;
        try (RandomAccessFile status = new RandomAccessFile(PROC_STATUS, "r")) {
            length = status.read(statusBuffer);
        } catch (IOException e) {
            return 0; // not Linux: the resident set is then unknown
        }
        for (int i = 0; i + RSS_KEY.length < length; i++) {
            if (startsAt(i, length)) {
                long kb = 0;
                for (int j = i + RSS_KEY.length; j < length && statusBuffer[j] != 'k'; j++) {
                    if (statusBuffer[j] >= '0' && statusBuffer[j] <= '9') {
                        kb = kb * 10 + (statusBuffer[j] - '0');
                    }
                }
                return kb * 1024; // the kernel writes kB
            }
        }
        return 0;
    }

    private boolean startsAt(int at, int length) {
        if ((at > 0 && statusBuffer[at - 1] != '\n') || at + RSS_KEY.length > length) {
            return false;
        }
        for (int k = 0; k < RSS_KEY.length; k++) {
            if (statusBuffer[at + k] != RSS_KEY[k]) {
                return false;
            }
        }
        return true;
    }

    /** What one window has gathered so far. */
    private static final class Window {
        final long startNanos;
        final long heapAfterGcAtStart;
        final long allocatedAtStart;
        final List<Long> pauses = new ArrayList<>();
        final List<IntegrationMetrics.Sample> samples = new ArrayList<>();
        long heapAfterGcPeak;
        long rssPeak;
        ScheduledFuture<?> sampling;

        Window(long startNanos, long heapAfterGcAtStart, long allocatedAtStart) {
            this.startNanos = startNanos;
            this.heapAfterGcAtStart = heapAfterGcAtStart;
            this.allocatedAtStart = allocatedAtStart;
        }
    }
}
