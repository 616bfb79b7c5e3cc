package dev.ollamaperf.client.internal.stream;

import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.api.Metrics;
import dev.ollamaperf.client.api.ToolCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects text, counts and client-side timings of one stream into a {@link StreamAggregate}. Not thread-safe. */
final class Accumulator {

    private final long startNanos;
    private StringBuilder text = new StringBuilder(256);
    private StringBuilder thinking; // made by the first thinking text: most streams have none
    private List<ToolCall> toolCalls = List.of(); // a list of its own once a chunk has tool calls
    private String model = "";
    private int chunks;
    private int contentChunks;
    private boolean done;
    private String doneReason;
    private Metrics metrics = Metrics.NONE;
    private long first = -1;
    private long ttft = -1;
    private long last = -1;
    private long previousContent = -1;
    private long[] gaps = new long[16];
    private int gapCount;

    Accumulator(long startNanos) {
        this.startNanos = startNanos;
    }

    /**
     * Sizes the buffers for a stream whose size is known before it starts (a cached answer replayed), so they
     * grow no more: {@code contentChunks} chunks with text, {@code textChars} chars of text in all.
     */
    void expect(int contentChunks, int textChars) {
        if (chunks == 0) {
            text = new StringBuilder(textChars);
            gaps = new long[Math.max(0, contentChunks - 1)];
        }
    }

    private StringBuilder thinking() {
        if (thinking == null) {
            thinking = new StringBuilder();
        }
        return thinking;
    }

    /** Client-observed time since start for a clock reading. */
    long sinceStart(long clockNanos) {
        return clockNanos - startNanos;
    }

    void chunk(String chunkModel, String content, String thinkingText, long sinceStart) {
        boolean hasContent = content != null && !content.isEmpty();
        boolean hasThinking = thinkingText != null && !thinkingText.isEmpty();
        if (hasContent) {
            text.append(content);
        }
        if (hasThinking) {
            thinking().append(thinkingText);
        }
        count(chunkModel, hasContent || hasThinking, sinceStart);
    }

    /** {@link #chunk(String, String, String, long)} with the texts as the first chars of reused arrays. */
    void chunk(
            String chunkModel,
            char[] content,
            int contentLength,
            char[] thinkingText,
            int thinkingLength,
            long sinceStart) {
        text.append(content, 0, contentLength);
        if (thinkingLength > 0) {
            thinking().append(thinkingText, 0, thinkingLength);
        }
        count(chunkModel, contentLength > 0 || thinkingLength > 0, sinceStart);
    }

    private void count(String chunkModel, boolean hasText, long sinceStart) {
        chunks++;
        if (first < 0) {
            first = sinceStart;
        }
        last = sinceStart;
        if (chunkModel != null && !chunkModel.isEmpty()) {
            model = chunkModel;
        }
        if (hasText) {
            contentChunks++;
            if (ttft < 0) {
                ttft = sinceStart;
            } else {
                addGap(sinceStart - previousContent);
            }
            previousContent = sinceStart;
        }
    }

    void toolCalls(List<ToolCall> calls) {
        if (calls != null && !calls.isEmpty()) {
            if (toolCalls.isEmpty()) {
                toolCalls = new ArrayList<>(calls.size());
            }
            toolCalls.addAll(calls);
        }
    }

    void doneReason(String reason) {
        if (reason != null) {
            doneReason = reason;
        }
    }

    void metrics(Metrics m) {
        if (m != null && !m.isEmpty()) {
            metrics = m;
        }
    }

    void markDone() {
        done = true;
    }

    boolean isDone() {
        return done;
    }

    private void addGap(long gap) {
        if (gapCount == gaps.length) {
            gaps = Arrays.copyOf(gaps, Math.max(16, gaps.length * 2));
        }
        gaps[gapCount++] = gap;
    }

    StreamAggregate toAggregate() {
        return new StreamAggregate(
                model,
                text.toString(),
                thinking == null ? "" : thinking.toString(),
                toolCalls,
                chunks,
                contentChunks,
                done,
                doneReason,
                metrics,
                first,
                ttft,
                last,
                // The aggregate keeps a copy of its own: trim only when the array is not already exact.
                gapCount == gaps.length ? gaps : Arrays.copyOf(gaps, gapCount));
    }
}
