package dev.ollamaperf.load.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs closed-model streams through a harness exchange: each user sends its next request when an answer ends. */
abstract class ExchangeDriver implements StreamClient.Driver {

    /** Sends one request of {@code stream}; its answer goes to {@link CapacityRun.Stream#answered}. */
    abstract void send(CapacityRun.Stream stream);

    @Override
    public void run(int users, long nanos, CapacityRun.Lines lines) throws Exception {
        long end = System.nanoTime() + nanos;
        List<CapacityRun.Stream> streams = new ArrayList<>();
        ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int user = 0; user < users; user++) {
                CapacityRun.Stream stream = new CapacityRun.Stream(end, lines, this::send);
                streams.add(stream);
                // staggered over the first second, so the streams' lines do not all arrive in the same instant
                starter.schedule(() -> send(stream), user * 1_000_000L / users, TimeUnit.MICROSECONDS);
            }
            for (CapacityRun.Stream stream : streams) {
                stream.awaitEnd(end);
            }
        } finally {
            starter.shutdownNow();
        }
    }
}
