package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition every millisecond (tests only). */
final class Await {

    private Await() {}

    static void until(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            Thread.sleep(1);
        }
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, condition, Duration.ofSeconds(10));
    }
}
