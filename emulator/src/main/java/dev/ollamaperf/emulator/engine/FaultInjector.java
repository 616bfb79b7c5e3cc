package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Applies a {@link FaultPlan}. Decisions are drawn from one generator seeded with the engine seed,
 * in submission order, three draws per counted request whatever the plan, so the same seed and the
 * same order of requests give the same faults. Called with the engine lock held.
 */
final class FaultInjector {

    /** Ollama's queue-full message (two spaces after the period). */
    static final String SERVER_BUSY = "server busy, please try again.  maximum pending requests exceeded";
    /** The message sent when the fault drops a connection. */
    static final String DROPPED = "connection dropped (fault injected by the emulator)";

    private final FaultPlan plan;
    private final SplittableRandom random;
    private final long startNanos;
    private long counted;

    FaultInjector(FaultPlan plan, long seed, long startNanos) {
        this.plan = plan;
        this.random = new SplittableRandom(SeedMixer.mix(seed, 0xFA017L));
        this.startNanos = startNanos;
    }

    /** What happens to a new request at submission. */
    enum Verdict {
        PROCEED,
        BUSY,
        ERROR,
        /** The model is one the plan fails ({@code fail=}). */
        FAIL
    }

    /**
     * Decides a new generate or embed request's fate at submission.
     *
     * @param nowNanos the submission time
     * @param model the request's model (the profile's full name)
     * @return BUSY (503), FAIL or ERROR (500), or PROCEED
     */
    Verdict admit(long nowNanos, String model) {
        counted++;
        double errorDraw = random.nextDouble();
        // after the draw, so a failed model does not shift the other requests' faults
        if (plan.fails(model)) {
            return Verdict.FAIL;
        }
        FaultPlan.Busy busy = plan.busy();
        if (busy.every() > 0 && counted % busy.every() == 0) {
            return Verdict.BUSY;
        }
        if (!busy.period().isZero()) {
            long offset = Math.floorMod(nowNanos - startNanos, busy.period().toNanos());
            if (offset < busy.burst().toNanos()) {
                return Verdict.BUSY;
            }
        }
        return errorDraw < plan.errorRatio() ? Verdict.ERROR : Verdict.PROCEED;
    }

    /** The mid-stream faults of an admitted generate request. */
    Job.Faults midStream(GenerationRequest.Kind kind) {
        double stallDraw = random.nextDouble();
        double dropDraw = random.nextDouble();
        if (kind != GenerationRequest.Kind.GENERATE) {
            return Job.Faults.NONE;
        }
        FaultPlan.Stall stall = plan.stall();
        FaultPlan.Drop drop = plan.drop();
        boolean stalls = stallDraw < stall.ratio();
        boolean drops = dropDraw < drop.ratio();
        if (!stalls && !drops) {
            return Job.Faults.NONE;
        }
        return new Job.Faults(
                stalls ? stall.afterTokens() : -1,
                stalls ? stall.duration().toNanos() : 0,
                drops ? drop.afterTokens() : -1);
    }

    /** The load time of one load, slowed when the plan says so; null when not slowed. */
    Duration slowLoad(Duration loadTime) {
        FaultPlan.SlowLoad slow = plan.slowLoad();
        if (slow.ratio() > 0 && random.nextDouble() < slow.ratio()) {
            return slow.apply(loadTime);
        }
        return null;
    }

    /** The spike delay for one token, or 0. */
    long spikeNanos(SplittableRandom jobRandom) {
        FaultPlan.Spike spike = plan.spike();
        if (spike.probability() > 0 && jobRandom.nextDouble() < spike.probability()) {
            return spike.delay().toNanos();
        }
        return 0;
    }
}
