package dev.ollamaperf.client;

import dev.ollamaperf.client.api.Metrics;
import dev.ollamaperf.client.api.ToolCall;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything one stream delivered, put together at its end (or up to a failure, as the "partial" of a stream
 * exception). Client-observed times are nanoseconds relative to the request's start (the instant the caller
 * passed as {@code startNanos}); server timings are in {@link #metrics()}.
 *
 * @param model             model name from the chunks ({@code ""} if no chunk named one)
 * @param text              all content text, concatenated
 * @param thinking          all thinking text, concatenated ({@code ""} if none)
 * @param toolCalls         tool calls seen (possibly empty)
 * @param chunkCount        every decoded chunk, including the final/finish/usage ones
 * @param contentChunkCount chunks that carried content or thinking text
 * @param done              true when the final chunk ({@code done:true} / {@code [DONE]}) arrived
 * @param doneReason        {@code stop}, {@code length}, ...; {@code null} when not sent
 * @param metrics           server timings ({@link Metrics#NONE} when not sent; for /v1 only the usage counts)
 * @param firstChunkNanos   start to the arrival of the first chunk, -1 if none
 * @param ttftNanos         start to the first chunk with text (client-observed TTFT), -1 if none
 * @param lastChunkNanos    start to the arrival of the last chunk, -1 if none
 * @param gapsNanos         gaps between successive text chunks (inter-token latency), length
 *                          {@code contentChunkCount - 1} (or 0)
 */
public record StreamAggregate(
        String model,
        String text,
        String thinking,
        List<ToolCall> toolCalls,
        int chunkCount,
        int contentChunkCount,
        boolean done,
        String doneReason,
        Metrics metrics,
        long firstChunkNanos,
        long ttftNanos,
        long lastChunkNanos,
        long[] gapsNanos) {

    public StreamAggregate {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(thinking, "thinking");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(gapsNanos, "gapsNanos");
        if (chunkCount < 0 || contentChunkCount < 0 || contentChunkCount > chunkCount) {
            throw new IllegalArgumentException("chunk counts must satisfy 0 <= content <= total, got: content="
                    + contentChunkCount + " total=" + chunkCount);
        }
        gapsNanos = gapsNanos.clone();
    }

    /** A copy of the inter-chunk gaps. */
    @Override
    public long[] gapsNanos() {
        return gapsNanos.clone();
    }

    /** The largest inter-chunk gap (a stall indicator), 0 if fewer than two text chunks. */
    public long maxGapNanos() {
        long max = 0;
        for (long g : gapsNanos) {
            max = Math.max(max, g);
        }
        return max;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamAggregate a
                && model.equals(a.model)
                && text.equals(a.text)
                && thinking.equals(a.thinking)
                && toolCalls.equals(a.toolCalls)
                && chunkCount == a.chunkCount
                && contentChunkCount == a.contentChunkCount
                && done == a.done
                && Objects.equals(doneReason, a.doneReason)
                && metrics.equals(a.metrics)
                && firstChunkNanos == a.firstChunkNanos
                && ttftNanos == a.ttftNanos
                && lastChunkNanos == a.lastChunkNanos
                && Arrays.equals(gapsNanos, a.gapsNanos);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, text, chunkCount, done, metrics, ttftNanos) * 31 + Arrays.hashCode(gapsNanos);
    }

    @Override
    public String toString() {
        return "StreamAggregate[model=" + model + ", chars=" + text.length() + ", chunks=" + chunkCount
                + ", contentChunks=" + contentChunkCount + ", done=" + done + ", doneReason=" + doneReason
                + ", metrics=" + metrics + ", firstChunkNanos=" + firstChunkNanos + ", ttftNanos=" + ttftNanos
                + ", lastChunkNanos=" + lastChunkNanos + ", maxGapNanos=" + maxGapNanos() + "]";
    }
}
