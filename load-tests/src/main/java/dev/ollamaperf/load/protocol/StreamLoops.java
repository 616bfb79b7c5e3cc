package dev.ollamaperf.load.protocol;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The event loops the harness's streams run on ({@link NettyStreamExchange}), one set per run, with the probe of how
 * late they run ({@link LoopLag}): the run judges its own capacity from it.
 *
 * @param group       the loops
 * @param channelType the socket channels their transport takes
 * @param lag         how late they run
 */
public record StreamLoops(EventLoopGroup group, Class<? extends SocketChannel> channelType, LoopLag lag)
        implements AutoCloseable {

    public StreamLoops {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(channelType, "channelType");
        Objects.requireNonNull(lag, "lag");
    }

    /**
     * One loop per core, on Java NIO (Linux's epoll transport, which Gatling's engine uses, used no less CPU per
     * line in docs/measurements/2026-12-07-harness-capacity.md, so the portable one it is).
     *
     * @param late how late a loop may run before its probe counts as late ({@code ollama.perf.maxLoopLag})
     */
    public static StreamLoops start(Duration late) {
        return start(late, Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@code threads} loops on Java NIO (the harness-capacity benchmark compares counts).
     *
     * @param late    how late a loop may run before its probe counts as late
     * @param threads the number of loops, at least 1
     */
    public static StreamLoops start(Duration late, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("the stream loops must be at least 1, got: " + threads);
        }
        EventLoopGroup group = newGroup(threads);
        return new StreamLoops(group, NioSocketChannel.class, LoopLag.probe(group, late.toNanos(), System::nanoTime));
    }

    /** NIO loops on daemon threads: an unfinished run must not keep the JVM alive. */
    static EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory("ollama-stream", true), NioIoHandler.newFactory());
    }

    /** Stops the loops (their connections close with them). */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
