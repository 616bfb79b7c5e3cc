package dev.ollamaperf.load.bench;

import dev.ollamaperf.load.protocol.LoopLag;
import dev.ollamaperf.load.protocol.NettyStreamExchange;
import dev.ollamaperf.load.protocol.StreamExchange;
import dev.ollamaperf.load.protocol.StreamLoops;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** The stream clients {@link HarnessCapacityBenchmark} compares, each behind {@link Driver}. */
enum StreamClient {
    /** The JDK HttpClient with a {@code Flow} subscriber per line: the harness's client until 2026-12-07. */
    JDK("jdk", JdkDriver::new),
    /** {@link NettyStreamExchange} on {@link StreamLoops}: the harness's client since. */
    NETTY("netty", NettyDriver::new),
    /** Gatling's own {@code sse()} on its own engine (Netty), timing each message in a check. */
    GATLING_SSE("gatling-sse", target -> new GatlingSseDriver(target));

    private final String name;
    private final Function<URI, Driver> factory;

    StreamClient(String name, Function<URI, Driver> factory) {
        this.name = name;
        this.factory = factory;
    }

    static StreamClient fromName(String value) {
        for (StreamClient client : values()) {
            if (client.name.equals(value.trim())) {
                return client;
            }
        }
        throw new IllegalArgumentException("client must be jdk, netty or gatling-sse, got: " + value);
    }

    @Override
    public String toString() {
        return name;
    }

    Driver open(URI target) {
        return factory.apply(target);
    }

    /** Streams answers from the target until closed. */
    interface Driver extends AutoCloseable {
        /**
         * Runs {@code users} closed-model streams for {@code nanos} (after a staggered start), handing every token
         * line to {@code lines}; returns when they are done.
         */
        void run(int users, long nanos, CapacityRun.Lines lines) throws Exception;

        /** The event-loop lag probe of its loops, or null when it has none. */
        default LoopLag lag() {
            return null;
        }

        @Override
        default void close() {}
    }

    /** Streams through {@link StreamExchange}. */
    private static final class JdkDriver extends ExchangeDriver {
        private final StreamExchange exchange;

        JdkDriver(URI target) {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            exchange = new StreamExchange(http, target, Duration.ofSeconds(30), System::nanoTime);
        }

        @Override
        void send(CapacityRun.Stream stream) {
            exchange.send(stream.request(), System.nanoTime(), true, stream::answered);
        }
    }

    /** The system property that sets the Netty client's loop count (default: one per core, as in a load run). */
    static final String LOOPS = "ollama.perf.bench.loops";

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /**
     * The system property that puts the Netty client on Java NIO ({@code nio}) or epoll ({@code epoll}) instead of
     * the harness's default (Linux's epoll where available).
     */
    static final String TRANSPORT = "ollama.perf.bench.transport";

    /** Streams through {@link NettyStreamExchange}. */
    private static final class NettyDriver extends ExchangeDriver {
        private final StreamLoops loops;
        private final NettyStreamExchange exchange;

        NettyDriver(URI target) {
            int threads = Integer.getInteger(LOOPS, CORES);
            String transport = System.getProperty(TRANSPORT, "");
            if (!List.of("", "nio", "epoll").contains(transport)) {
                throw new IllegalArgumentException(TRANSPORT + " must be nio or epoll, got: " + transport);
            }
            loops = transport.isEmpty()
                    ? StreamLoops.start(Duration.ofMillis(100), threads)
                    : StreamLoops.start(Duration.ofMillis(100), threads, transport.equals("epoll"));
            exchange = new NettyStreamExchange(loops, target, Duration.ofSeconds(30), System::nanoTime);
        }

        @Override
        void send(CapacityRun.Stream stream) {
            exchange.send(stream.request(), System.nanoTime(), true, stream::answered);
        }

        @Override
        public LoopLag lag() {
            return loops.lag();
        }

        @Override
        public void close() {
            exchange.close();
            loops.close();
        }
    }
}
