package dev.ollamaperf.emulator.engine;

import java.util.Arrays;

/**
 * The prompt batches of one runner that compute now or will soon: each a time window
 * {@code [start, end)} during which no other slot's token can come out, because llama-server computes a
 * prompt in the same step as every decoding slot's next token (docs/ollama-api.md §3.2 item 6). Guarded by
 * the engine lock.
 *
 * <p>Why windows and not the prefilling jobs: a token is checked against them when it is scheduled and
 * again when it falls due ({@link TokenTimer}), so admitting a request costs one window instead of a scan
 * that re-armed every decoding slot (O(n) per admission, O(n²) per burst of n requests, all under the
 * engine lock; docs/measurements/2026-12-07-emulator-scheduling-error-2.md). A window stays when its
 * request is cancelled mid-batch, as the batch still runs to its end in llama-server; windows that have
 * ended are dropped when the next one is added, so the list holds the batches in flight (usually 0 or 1);
 * a token that fell due inside a batch that had ended before the token thread got to it (an overloaded
 * engine) is then not pushed to that batch's end, which is past either way.
 */
final class PromptBatches {

    private long[] starts = new long[4];
    private long[] ends = new long[4];
    private int size;

    /** Adds the window {@code [start, end)} and drops those that ended by {@code now}. */
    void add(long start, long end, long now) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (ends[i] > now) {
                starts[kept] = starts[i];
                ends[kept] = ends[i];
                kept++;
            }
        }
        size = kept;
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    /**
     * When a decode step due at {@code due} can deliver: at the end of the batch that computes over
     * {@code due} (and of any batch that computes over that end, and so on), else at {@code due}.
     */
    long heldUntil(long due) {
        long held = due;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (int i = 0; i < size; i++) {
                if (starts[i] < held && held < ends[i]) {
                    held = ends[i];
                    moved = true;
                }
            }
        }
        return held;
    }
}
