package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Ctrl-C rules of {@link Interrupts}, one child at a time. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
final class InterruptsTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Runnable> handlers = new ArrayList<>();
    private final Interrupts interrupts =
            new Interrupts(handlers::add, new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void signal_stopChild_stopsIt() throws Exception {
        FakeChild child = child(FakeScript.ctrlC(interrupts, FakeScript.untilStopped()));

        assertThat(interrupts.await(child, OnInterrupt.STOP, null)).isEqualTo(143);
        assertThat(child.stopped()).isTrue();
        assertThat(interrupts.interrupted()).isTrue();
    }

    @Test
    void signal_finishChild_letsItFinishAndSaysSo() throws Exception {
        FakeChild child = child(FakeScript.ctrlC(interrupts, c -> 0));

        assertThat(interrupts.await(child, OnInterrupt.FINISH, OnInterrupt.finishing("capacity")))
                .isZero();
        assertThat(child.stopped()).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("perf capacity: finishing the current load step so its"
                        + " results are kept (Ctrl-C again to abandon it)\n");
    }

    @Test
    void signal_secondOnAFinishChild_stopsIt() throws Exception {
        FakeChild child = child(FakeScript.ctrlCTwice(interrupts, FakeScript.untilStopped()));

        assertThat(interrupts.await(child, OnInterrupt.FINISH, "finishing")).isEqualTo(143);
        assertThat(child.stopped()).isTrue();
    }

    @Test
    void await_stopChildAfterAnEarlierCtrlC_stopsItAsItStarts() throws Exception {
        interrupts.signal();
        FakeChild child = child(FakeScript.untilStopped());

        assertThat(interrupts.await(child, OnInterrupt.STOP, null)).isEqualTo(143);
        assertThat(child.stopped()).isTrue();
    }

    @Test
    void signal_noChildRunning_onlyCounts() {
        interrupts.signal();

        assertThat(interrupts.interrupted()).isTrue();
        assertThat(err.size()).isZero();
    }

    @Test
    void listen_registersWithTheSignalSource() {
        interrupts.listen();
        handlers.get(0).run();

        assertThat(interrupts.interrupted()).isTrue();
    }

    private static FakeChild child(FakeScript script) {
        return new FakeChild(ChildSpec.foreground("child", List.of("java"), Map.of()), script);
    }
}
