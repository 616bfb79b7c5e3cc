package dev.ollamaperf.client.internal.stream;

import java.util.function.LongSupplier;

/** A nano clock that moves only when told to. */
final class FakeNanoClock implements LongSupplier {
    private long now;

    FakeNanoClock(long start) {
        now = start;
    }

    void advance(long nanos) {
        now += nanos;
    }

    @Override
    public long getAsLong() {
        return now;
    }
}
