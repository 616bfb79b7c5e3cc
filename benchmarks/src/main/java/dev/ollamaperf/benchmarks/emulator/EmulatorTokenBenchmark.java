package dev.ollamaperf.benchmarks.emulator;

import dev.ollamaperf.emulator.engine.Completion;
import dev.ollamaperf.emulator.engine.EngineError;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.Engines;
import dev.ollamaperf.emulator.engine.Generation;
import dev.ollamaperf.emulator.engine.GenerationRequest;
import dev.ollamaperf.emulator.engine.InferenceEngine;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import dev.ollamaperf.emulator.engine.TokenSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * User path: every token of every stream the emulator serves, on its engine's token thread (the deadline
 * heap, the slot's timing, the token's text, the hand-over to the sink, the next deadline): at 1,000
 * streams of 20 tokens/s, 20,000 times a second on one thread. The HTTP side (framing and writing the
 * chunk on an event loop) is not in it; {@code SchedulingErrorBenchmark} in the emulator module times
 * the whole path over sockets.
 *
 * <p>Data: {@code slots} streams decoding at once on one runner (numParallel = slots), free text of
 * {@value #TOKENS_PER_STREAM} tokens each, replaced from the sink as they end (one admission and one slot
 * release per {@value #TOKENS_PER_STREAM} tokens are in the score); the profile decodes at 10⁹ tokens/s
 * with no jitter, so every deadline is due at once and the token thread runs flat out: the score is its
 * time per token, with {@code slots} deadlines in its heap. Why bounded streams: a stream's text grows with
 * every token, and an endless one made the bytes per token grow and jump from iteration to iteration (the
 * doubling of ever larger buffers); the streams run in waves, so a new one's prefill is not stuck behind
 * the older streams' overdue tokens. One operation is one token: the benchmark thread waits (parked) for the next
 * {@value #TOKENS_PER_INVOCATION}. {@code gc.alloc.rate.norm} counts the bytes every thread allocated
 * (JMH's GC profiler sums all threads), so it is the engine's allocation per token.
 *
 * <p>Run: {@code java -jar benchmarks/target/ollama-perf-benchmarks.jar EmulatorTokenBenchmark -f 1 -wi 3
 * -i 5 -prof gc}, or with the gate's preset: {@code scripts/perf bench --include EmulatorTokenBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EmulatorTokenBenchmark {

    static final int TOKENS_PER_INVOCATION = 1000;
    private static final int TOKENS_PER_STREAM = 1000;
    private static final String MODEL = "bench:latest";
    /**
     * The trap this avoids: a token thread with deadlines always due never lets go of the engine lock, so a
     * submit made once tokens flow waits until they stop.
     */
    private static final Duration LOAD_TIME = Duration.ofMillis(200);

    @Param({"1", "1000"})
    int slots;

    private InferenceEngine engine;
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong running = new AtomicLong();
    private volatile long wakeAt = Long.MAX_VALUE;
    private volatile Thread waiter;
    private volatile boolean closing;

    @Setup(Level.Trial)
    public void start() {
        ModelProfile profile = new ModelProfile(
                MODEL,
                "llama",
                "3.2B",
                "Q4_K_M",
                2_000_000_000L,
                131_072,
                0,
                LOAD_TIME, // every stream is submitted while the model loads, before the first token is due
                1_000_000,
                Duration.ZERO,
                1e9,
                0,
                0,
                100,
                0,
                List.of("completion"),
                0,
                "benchmark profile: every deadline due at once");
        engine = Engines.create(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(profile)))
                .numParallel(slots)
                .maxQueue(slots * 2)
                .build());
        for (int i = 0; i < slots; i++) {
            submitStream();
        }
    }

    /** Cancels every stream (from its sink, on the token thread), then closes the engine, which needs the lock. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        closing = true; // each sink cancels its stream at its next token and submits no other
        while (running.get() > 0) {
            Thread.sleep(1);
        }
        engine.close();
    }

    /** Waits for the next {@value #TOKENS_PER_INVOCATION} tokens; returns the count reached. */
    @Benchmark
    @OperationsPerInvocation(TOKENS_PER_INVOCATION)
    public long emit_activeSlots() {
        waiter = Thread.currentThread();
        long target = tokens.get() + TOKENS_PER_INVOCATION;
        wakeAt = target; // a token counted before this is seen still leaves later ones to wake the thread
        long reached;
        while ((reached = tokens.get()) < target) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
        }
        wakeAt = Long.MAX_VALUE;
        return reached;
    }

    private void submitStream() {
        CountingSink sink = new CountingSink();
        running.incrementAndGet();
        sink.generation = engine.submit(
                new GenerationRequest(
                        MODEL, GenerationRequest.Kind.GENERATE, "p", TOKENS_PER_STREAM, 0, null, null, "/api/generate"),
                sink);
    }

    /** Counts tokens, wakes the benchmark thread when its target is reached, replaces a stream that ends. */
    private final class CountingSink implements TokenSink {

        /** Set once submit returns; the first token comes later, on the token thread (one interval after prefill). */
        volatile Generation generation;

        @Override
        public void onToken(String text) {
            if (tokens.incrementAndGet() >= wakeAt) {
                LockSupport.unpark(waiter);
            }
            Generation own = generation;
            if (closing && own != null) {
                own.cancel(); // under the engine's reentrant lock, as a sink may
            }
        }

        @Override
        public void onThinking(String text) {
            onToken(text);
        }

        @Override
        public void onDone(Completion completion) {
            running.decrementAndGet();
            if (!closing) {
                submitStream(); // on the token thread, under the engine's reentrant lock, as a sink may
            }
        }

        @Override
        public void onError(EngineError error) {
            running.decrementAndGet();
            if (!closing) {
                throw new IllegalStateException("stream failed: " + error.message());
            }
        }
    }
}
