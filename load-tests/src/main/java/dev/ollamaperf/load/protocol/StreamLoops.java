package dev.ollamaperf.load.protocol;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The event loops the harness's streams run on ({@link NettyStreamExchange}), one set per run, with the probe of how
 * late they run ({@link LoopLag}): the run judges its own capacity from it.
 *
 * @param group the loops
 * @param lag   how late they run
 */
public record StreamLoops(EventLoopGroup group, LoopLag lag) implements AutoCloseable {

    public StreamLoops {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(lag, "lag");
    }

    /**
     * One loop per core, on daemon threads (an unfinished run must not keep the JVM alive).
     *
     * @param late how late a loop may run before its probe counts as late ({@code ollama.perf.maxLoopLag})
     */
    public static StreamLoops start(Duration late) {
        EventLoopGroup group = NettyStreamExchange.newLoops(Runtime.getRuntime().availableProcessors());
        return new StreamLoops(group, LoopLag.probe(group, late.toNanos(), System::nanoTime));
    }

    /** Stops the loops (their connections close with them). */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
