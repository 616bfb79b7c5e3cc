package dev.ollamaperf.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
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
