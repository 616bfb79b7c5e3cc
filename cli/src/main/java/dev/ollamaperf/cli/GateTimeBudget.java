package dev.ollamaperf.cli;

import java.time.Duration;

/**
 * How long each load scenario may run so that the whole gate stays within {@value #TOTAL_SECONDS} s on a 2-core
 * machine: what is left after the JMH suite, the report and each scenario's start and stop, shared equally. The
 * estimates come from the measured gate (docs/measurements/2026-12-06-fresh-clone-gate-2.md: JMH quick 149 s, a
 * 20 s scenario 30 to 33 s from start to end), rounded up. A confirmation rerun after a failure is not in it.
 */
final class GateTimeBudget {

    /** The gate's whole budget. */
    static final long TOTAL_SECONDS = 600;

    /** The report and the target check. */
    static final long REPORT_SECONDS = 15;

    /** A scenario's JVM start, preflight, gateway start, restore and stop, beyond its length. */
    static final long SCENARIO_OVERHEAD_SECONDS = 20;

    private GateTimeBudget() {}

    /** The JMH suite's time in a mode: the quick suite was measured at 149 s; the others as BenchMode says. */
    static long jmhSeconds(BenchMode mode) {
        return switch (mode) {
            case QUICK -> 180;
            case FULL -> 45 * 60;
            case SMOKE -> 30;
        };
    }

    /** The longest length per scenario, for {@code scenarios} scenarios in {@code mode}; zero when none fits. */
    static Duration perScenario(BenchMode mode, int scenarios) {
        long left = TOTAL_SECONDS - jmhSeconds(mode) - REPORT_SECONDS - scenarios * SCENARIO_OVERHEAD_SECONDS;
        return Duration.ofSeconds(Math.max(0, left / scenarios));
    }
}
