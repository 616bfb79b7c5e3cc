package dev.ollamaperf.emulator.engine;

import java.util.function.LongSupplier;

/**
 * The timing of requests that hold a slot: prefill, then one timer event per token at nanoTime
 * deadlines. Called with the engine lock held, and so are its timer callbacks, run by
 * {@link TokenDeadlines} (see
 * {@link Scheduler} for the thread model).
 *
 * <p>Each token's interval is {@code 1 / r(n)} seconds, {@code r(n) = r1 / (1 + s (n - 1))} for the
 * {@code n} slots of the runner busy when the interval starts, times a jitter factor
 * {@code max(0.1, 1 + jitter * N(0,1))} from the request's seeded generator. When {@code n} changes
 * mid-interval, {@link #rescale} stretches or shrinks the rest of every pending interval by
 * {@code r(old) / r(new)} (when that differs from 1 by more than 0.2%), so a stream's speed follows
 * the batch it is in. Deadlines chain from the
 * previous <em>intended</em> deadline, not from when the timer actually ran, so timer lateness does
 * not accumulate into a slower rate; the lateness itself is recorded.
 *
 * <p>Prefill stalls decoding, as in llama-server, which computes one batch per step holding every
 * decoding slot's next token and the prefilling slot's prompt (docs/ollama-api.md §3.2 item 6): a token
 * of another slot due while a prompt's batch computes (after the request's fixed overhead, which is
 * template and tokenizer work outside the batch, until its prefill ends) comes when that batch ends. The
 * push is counted as non-work time ({@code extraNanos}), so a rescale leaves it alone. The whole prompt is
 * one batch (prompts up to Ollama's default {@code num_batch} of 512 are; a longer one would let the other
 * slots' tokens out once per 512-token chunk), the decode tokens riding along add nothing to the prefill,
 * and a prefill cancelled mid-batch still holds back the tokens due before its batch would have ended (a
 * batch, once started, runs to its end). A token is checked against the runner's {@link PromptBatches} when
 * it is scheduled and again when it falls due, so a batch that starts in between holds it too, and admitting
 * a request touches no other slot.
 */
final class TokenTimer {

    /**
     * A rate change smaller than this (0.2%) leaves the pending interval alone. With hundreds of
     * slots on one runner, every slot change would otherwise re-arm every pending timer (O(n) work
     * per change); the skipped error is bounded by 0.2% of one interval, because the comparison is
     * always against the rate the interval was computed with, and the next interval uses the
     * current rate.
     */
    private static final double MATERIAL_CHANGE = 0.002;

    private final Scheduler scheduler;
    private final TokenDeadlines deadlines;
    private final LongSupplier clock;
    private final StatsRecorder stats;
    private final FaultInjector faults;

    TokenTimer(
            Scheduler scheduler,
            TokenDeadlines deadlines,
            LongSupplier clock,
            StatsRecorder stats,
            FaultInjector faults) {
        this.scheduler = scheduler;
        this.deadlines = deadlines;
        this.clock = clock;
        this.stats = stats;
        this.faults = faults;
        deadlines.start(this::fire);
    }

    /**
     * The job just took a slot: start its prefill, {@code promptOverhead + (newTokens + cost x cached) /
     * promptRate}, where the new tokens are the prompt's minus those its slot already held (llama-server
     * skips them; the profile's {@code cachedPromptTokenCost}, 0 unless recorded, is what a real server
     * still spent on them).
     */
    void start(Job job) {
        long now = clock.getAsLong();
        job.slotStartNanos = now;
        long prefill = job.profile.prefillNanos(job.promptTokens - job.cachedTokens, job.cachedTokens);
        job.state = Job.State.PREFILL;
        job.deadline = now + prefill;
        job.extraNanos = 0;
        job.intervalSlots = 0;
        arm(job);
        long batchStart = now + Math.min(prefill, job.profile.promptOverhead().toNanos());
        if (batchStart < job.deadline) { // else no prompt batch computes (all overhead, or an empty prefill)
            job.runner.promptBatches.add(batchStart, job.deadline, now);
        }
    }

    /** Cancels the job's pending timer (its deadline, if queued, no longer matches the epoch). */
    void stop(Job job) {
        job.epoch++;
        job.armed = false;
    }

    /** The runner's number of busy slots changed: rescale the rest of every pending token interval. */
    void rescale(Runner runner) {
        int n = runner.active.size();
        if (n == 0 || runner.profile.serialFraction() == 0) {
            return; // with no batching penalty the rate does not depend on n: nothing to rescale (O(n) saved)
        }
        long now = clock.getAsLong();
        double newRate = runner.profile.slotTokensPerSecond(n);
        for (Job job : runner.active) {
            if (job.state != Job.State.DECODE || job.intervalSlots == 0 || job.intervalSlots == n) {
                continue;
            }
            double stretch = runner.profile.slotTokensPerSecond(job.intervalSlots) / newRate;
            if (Math.abs(stretch - 1) < MATERIAL_CHANGE) {
                continue;
            }
            long workEnd = job.deadline - job.extraNanos;
            if (workEnd > now) {
                job.deadline = now + Math.round((workEnd - now) * stretch) + job.extraNanos;
                stop(job);
                arm(job);
            }
            job.intervalSlots = n;
        }
    }

    private void arm(Job job) {
        job.armed = true;
        // Tokens go on the token thread's grid (handed to the HTTP layer a tick at a time, see TokenDeadlines); a
        // prefill end hands nothing over, so it keeps its own time and a first token is not put off by two ticks.
        deadlines.add(job, ++job.epoch, job.deadline, job.state != Job.State.PREFILL);
    }

    /** The job's deadline is due; called by {@link TokenDeadlines} with the engine lock held. */
    private void fire(Job job, int epoch) {
        if (job.epoch != epoch || !job.holdsSlot()) {
            return;
        }
        job.armed = false;
        if (job.state == Job.State.PREFILL) {
            prefillDone(job);
            return;
        }
        long held = job.runner.promptBatches.heldUntil(job.deadline);
        if (held > job.deadline) {
            // a prompt batch that started after this token was scheduled computes over its deadline
            job.extraNanos += held - job.deadline;
            job.deadline = held;
            arm(job);
        } else {
            tokenDue(job);
        }
    }

    private void prefillDone(Job job) {
        long now = clock.getAsLong();
        job.promptEvalNanos = now - job.slotStartNanos;
        job.prefillEndNanos = now;
        job.prefilled = true;
        job.state = Job.State.DECODE;
        if (job.request.kind() == GenerationRequest.Kind.EMBED || job.outputTokens == 0) {
            stats.recordLateness(now - job.deadline);
            String reason = job.request.kind() == GenerationRequest.Kind.EMBED ? "stop" : "length";
            scheduler.complete(job, completion(job, reason, now));
        } else if (job.faults.dropAfter() == 0) {
            drop(job);
        } else {
            scheduleToken(job, job.deadline);
        }
    }

    private void tokenDue(Job job) {
        long now = clock.getAsLong();
        stats.recordLateness(now - job.deadline);
        boolean thinking = job.thinkingNext();
        String token = job.nextToken();
        job.emitted++;
        job.generated.append(token);
        scheduler.deliverToken(job, token, thinking);
        if (job.isFinished()) {
            return;
        }
        if (job.emitted >= job.outputTokens) {
            scheduler.complete(job, completion(job, job.lengthLimited ? "length" : "stop", now));
        } else if (job.faults.dropAfter() == job.emitted) {
            drop(job);
        } else {
            scheduleToken(job, job.deadline);
        }
    }

    private void scheduleToken(Job job, long base) {
        int n = job.runner.active.size();
        ModelProfile profile = job.profile;
        double jitterFactor =
                profile.jitter() == 0 ? 1 : Math.max(0.1, 1 + profile.jitter() * job.jitterRandom.nextGaussian());
        long interval = Math.round(1e9 / profile.slotTokensPerSecond(n) * jitterFactor);
        long extra = 0;
        if (job.faults.stallAfter() == job.emitted) {
            extra += job.faults.stallNanos();
            stats.fault("stall");
        }
        long spike = faults.spikeNanos(job.jitterRandom);
        if (spike > 0) {
            extra += spike;
            stats.fault("spike");
        }
        long due = base + interval + extra;
        long held = job.runner.promptBatches.heldUntil(due);
        job.intervalSlots = n;
        job.extraNanos = extra + (held - due);
        job.deadline = held;
        arm(job);
    }

    private void drop(Job job) {
        stats.fault("drop");
        scheduler.fail(job, new EngineError(500, FaultInjector.DROPPED, job.emitted > 0, true));
    }

    private static Completion completion(Job job, String reason, long now) {
        long evalNanos = job.emitted > 0 ? now - job.prefillEndNanos : 0;
        return new Completion(
                reason,
                now - job.submittedNanos,
                job.loadNanos,
                job.promptTokens,
                job.promptEvalNanos,
                job.emitted,
                evalNanos,
                job.profile.name());
    }
}
