package dev.ollamaperf.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The stream loops run on epoll where Linux offers it, else on NIO, and every API streams the same on both. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class StreamLoopsTest {

    private static final Duration LATE = Duration.ofMillis(100);

    @Test
    void start_whereEpollIsAvailable_runsOnEpoll() {
        assumeTrue(Epoll.isAvailable(), "Netty's epoll transport loads only on Linux");
        try (StreamLoops loops = StreamLoops.start(LATE, 1)) {
            assertThat(loops.channelType()).isEqualTo(EpollSocketChannel.class);
            assertThat(loops.transport()).isEqualTo("epoll");
        }
    }

    @Test
    void start_withoutEpoll_runsOnNio() {
        try (StreamLoops loops = StreamLoops.start(LATE, 1, false)) {
            assertThat(loops.channelType()).isEqualTo(NioSocketChannel.class);
            assertThat(loops.transport()).isEqualTo("nio");
        }
    }

    @ParameterizedTest
    @EnumSource(OllamaApi.class)
    void send_onEitherTransport_timesEveryTokenOfTheAnswer(OllamaApi api) throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.defaults()))) {
            for (boolean epoll : Epoll.isAvailable() ? List.of(true, false) : List.of(false)) {
                StreamObservation observation = stream(emulator, api, epoll);

                assertThat(observation.outcome())
                        .as("%s on %s: %s", api, epoll ? "epoll" : "nio", observation.message())
                        .isEqualTo(RequestOutcome.OK);
                assertThat(observation.tokens()).isEqualTo(8);
                assertThat(observation.interTokenGaps()).hasSize(7);
                assertThat(Arrays.stream(observation.interTokenGaps()).min().orElse(-1))
                        .isNotNegative();
                assertThat(observation.answer()).isNotBlank();
            }
        }
    }

    /**
     * Closing the loops ends the streams still in flight, so the server stops generating for a run that is over.
     * Shutting the loops down alone left a connection open now and then, hence the repeats.
     */
    @Test
    void close_withAStreamInFlight_endsItsConnection() throws Exception {
        OllamaRequest request = new OllamaRequest(
                OllamaApi.CHAT, "tiny:latest", List.of(new OllamaRequest.Message("user", "count")), true, 8, 0, null);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI target = URI.create("http://127.0.0.1:" + server.getLocalPort());
            for (boolean epoll : Epoll.isAvailable() ? List.of(true, false) : List.of(false)) {
                for (int i = 0; i < 30; i++) {
                    try (StreamLoops loops = StreamLoops.start(LATE, 1, epoll)) {
                        // not closed: the loops own its connections, as in a run
                        new NettyStreamExchange(loops, target, Duration.ofSeconds(30), System::nanoTime)
                                .send(request, System.nanoTime(), false, observation -> {});
                        try (Socket stream = server.accept()) {
                            stream.setSoTimeout(5_000); // a connection left open fails with a read timeout
                            stream.getOutputStream()
                                    .write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
                                                    + "Transfer-Encoding: chunked\r\n\r\n"
                                                    + "4\r\n{}\r\n\r\n")
                                            .getBytes(StandardCharsets.US_ASCII));
                            loops.close();
                            readToTheEnd(stream);
                        }
                    }
                }
            }
        }
    }

    /** Reads until the peer closes the connection, gracefully or with a reset (it closed with bytes unread). */
    private static void readToTheEnd(Socket socket) throws IOException {
        try {
            socket.getInputStream().readAllBytes();
        } catch (SocketException reset) {
            // ended all the same
        }
    }

    private static StreamObservation stream(Emulator emulator, OllamaApi api, boolean epoll) throws Exception {
        OllamaRequest request = new OllamaRequest(
                api, "tiny:latest", List.of(new OllamaRequest.Message("user", "count")), true, 8, 0, null);
        try (StreamLoops loops = StreamLoops.start(LATE, 1, epoll);
                NettyStreamExchange exchange =
                        new NettyStreamExchange(loops, emulator.baseUri(), Duration.ofSeconds(10), System::nanoTime)) {
            CompletableFuture<StreamObservation> done = new CompletableFuture<>();
            exchange.send(request, System.nanoTime(), true, done::complete);
            return done.get(10, TimeUnit.SECONDS);
        }
    }
}
