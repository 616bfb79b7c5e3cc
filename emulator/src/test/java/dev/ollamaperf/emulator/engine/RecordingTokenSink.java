package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A {@link TokenSink} that records every call with its {@link System#nanoTime()} arrival. */
final class RecordingTokenSink implements TokenSink {

    private final CountDownLatch finished = new CountDownLatch(1);
    private final List<String> tokens = new ArrayList<>();
    private final List<Long> tokenNanos = new ArrayList<>();
    private final long createdNanos = System.nanoTime();
    private volatile Completion completion;
    private volatile EngineError error;
    private volatile long finishedNanos;
    private final AtomicInteger terminalCalls = new AtomicInteger();
    private volatile Consumer<String> onTokenHook = text -> {};

    @Override
    public synchronized void onToken(String text) {
        tokens.add(text);
        tokenNanos.add(System.nanoTime());
        onTokenHook.accept(text);
    }

    private final List<String> thinking = new ArrayList<>();

    private int tokensBeforeLastThinking;

    @Override
    public synchronized void onThinking(String text) {
        thinking.add(text);
        tokensBeforeLastThinking = tokens.size();
    }

    synchronized List<String> thinking() {
        return List.copyOf(thinking);
    }

    /** Answer tokens that had arrived before the last thinking token (0 when thinking came first). */
    synchronized int tokensBeforeLastThinking() {
        return tokensBeforeLastThinking;
    }

    @Override
    public void onDone(Completion done) {
        this.completion = done;
        terminal();
    }

    @Override
    public void onError(EngineError failure) {
        this.error = failure;
        terminal();
    }

    private void terminal() {
        finishedNanos = System.nanoTime();
        terminalCalls.incrementAndGet();
        finished.countDown();
    }

    /** Runs {@code hook} inside each onToken call (e.g. to cancel from the callback). */
    RecordingTokenSink onEachToken(Consumer<String> hook) {
        this.onTokenHook = hook;
        return this;
    }

    /** Waits for onDone or onError. */
    RecordingTokenSink await(Duration timeout) throws InterruptedException {
        if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no terminal call within " + timeout + "; tokens so far: " + tokenCount());
        }
        return this;
    }

    RecordingTokenSink await() throws InterruptedException {
        return await(Duration.ofSeconds(10));
    }

    boolean isFinished() {
        return finished.getCount() == 0;
    }

    Completion completion() {
        return completion;
    }

    EngineError error() {
        return error;
    }

    synchronized List<String> tokens() {
        return List.copyOf(tokens);
    }

    synchronized int tokenCount() {
        return tokens.size();
    }

    synchronized List<Long> tokenNanos() {
        return List.copyOf(tokenNanos);
    }

    /** Creation (about submission) to first token, ns. */
    synchronized long ttftNanos() {
        return tokenNanos.get(0) - createdNanos;
    }

    long createdNanos() {
        return createdNanos;
    }

    long finishedNanos() {
        return finishedNanos;
    }

    int terminalCalls() {
        return terminalCalls.get();
    }
}
