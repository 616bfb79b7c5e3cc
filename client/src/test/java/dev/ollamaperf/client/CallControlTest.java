package dev.ollamaperf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class CallControlTest {

    @Test
    void cancel_runsEachRegisteredActionOnceAndLateOnesAtOnce() {
        CallControl control = new CallControl();
        AtomicInteger runs = new AtomicInteger();
        control.onCancel(runs::incrementAndGet);
        CallControl.Registration closed = control.onCancel(() -> runs.addAndGet(100));
        closed.close();

        control.cancel();
        control.cancel();
        control.onCancel(runs::incrementAndGet);

        assertThat(control.isCancelled()).isTrue();
        assertThat(runs).hasValue(2);
    }

    @Test
    void none_theControlOfACallMadeWithoutOne_keepsNoActionAndCannotBeCancelled() {
        AtomicInteger runs = new AtomicInteger();
        CallControl.Registration registration = CallControl.NONE.onCancel(runs::incrementAndGet);
        registration.close();

        assertThatThrownBy(CallControl.NONE::cancel).isInstanceOf(IllegalStateException.class);
        assertThat(CallControl.NONE.isCancelled()).isFalse();
        assertThat(runs).hasValue(0);
    }

    @Test
    void ignoring_isOneInstance_soTheClientCanTellNobodyLooksAtTheChunks() {
        StreamListener<String> strings = StreamListener.ignoring();
        StreamListener<Integer> integers = StreamListener.ignoring();

        assertThat((Object) strings).isSameAs(integers);
    }
}
