package dev.ollamaperf.load.protocol;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The event loops the harness's streams run on ({@link NettyStreamExchange}), one set per run, with the probe of how
 * late they run ({@link LoopLag}): the run judges its own capacity from it. Their threads are daemons: an unfinished
 * run must not keep the JVM alive.
 *
 * @param group       the loops
 * @param channelType the socket channels their transport takes
 * @param lag         how late they run
 * @param connections every connection opened on them, so {@link #close()} ends the streams still in flight: Netty's
 *                    shutdown without a quiet period can end a loop without closing its channels, and the server
 *                    kept generating for a run that was over. Once closed, the group closes a connection added later.
 */
public record StreamLoops(
        EventLoopGroup group, Class<? extends SocketChannel> channelType, LoopLag lag, ChannelGroup connections)
        implements AutoCloseable {

    public StreamLoops {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(channelType, "channelType");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(connections, "connections");
    }

    /**
     * One loop per core, on Linux's native epoll transport where Netty can load it (as Gatling's engine does), else on
     * Java NIO: epoll took less of the harness's CPU per streamed line in 15 of 17 alternating pairs on a quiet machine
     * (median 13.7 against 17.3 µs at 1,000 streams once the JIT settled), and that CPU is what the harness's capacity
     * is made of (docs/measurements/2026-12-07-harness-capacity-3.md).
     *
     * @param late how late a loop may run before its probe counts as late ({@code ollama.perf.maxLoopLag})
     */
    public static StreamLoops start(Duration late) {
        return start(late, Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@code threads} loops on epoll where available, else NIO (the harness-capacity benchmark compares counts).
     *
     * @param late    how late a loop may run before its probe counts as late
     * @param threads the number of loops, at least 1
     */
    public static StreamLoops start(Duration late, int threads) {
        return start(late, threads, Epoll.isAvailable());
    }

    /**
     * {@code threads} loops on Linux's epoll transport or on Java NIO.
     *
     * @param late    how late a loop may run before its probe counts as late
     * @param threads the number of loops, at least 1
     * @param epoll   on epoll (only where {@link Epoll#isAvailable()}), else on NIO
     */
    public static StreamLoops start(Duration late, int threads, boolean epoll) {
        if (threads < 1) {
            throw new IllegalArgumentException("the stream loops must be at least 1, got: " + threads);
        }
        if (epoll) {
            Epoll.ensureAvailability();
        }
        EventLoopGroup group = newGroup(threads, epoll);
        return new StreamLoops(
                group,
                epoll ? EpollSocketChannel.class : NioSocketChannel.class,
                LoopLag.probe(group, late.toNanos(), System::nanoTime),
                new DefaultChannelGroup("ollama-stream-connections", GlobalEventExecutor.INSTANCE, true));
    }

    /** Loops on the default transport (epoll where available). */
    static EventLoopGroup newGroup(int threads) {
        return newGroup(threads, Epoll.isAvailable());
    }

    private static EventLoopGroup newGroup(int threads, boolean epoll) {
        return new MultiThreadIoEventLoopGroup(
                threads,
                new DefaultThreadFactory("ollama-stream", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** The loops' transport: {@code epoll} or {@code nio}. */
    public String transport() {
        return channelType == EpollSocketChannel.class ? "epoll" : "nio";
    }

    /** Closes every connection opened on the loops, streams in flight too, and stops the loops. */
    @Override
    public void close() {
        connections.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
