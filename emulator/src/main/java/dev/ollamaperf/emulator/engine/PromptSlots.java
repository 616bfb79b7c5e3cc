package dev.ollamaperf.emulator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The parallel slots of one runner and the tokens each keeps in its KV cache from its last request,
 * as llama-server keeps them (docs/ollama-api.md §3.7 item 7). Guarded by the engine lock.
 *
 * <p>Slot choice is llama-server's with its default {@code slot_prompt_similarity} of 0.1: among the
 * idle slots that hold tokens, the one whose cached tokens share the longest common prefix with the
 * new prompt wins, if that prefix is more than 10% of the prompt; otherwise the least recently used
 * idle slot is taken. Whichever slot is taken, the prompt reuses the prefix it shares with that
 * slot's cache, except that at least one prompt token is always evaluated.
 */
final class PromptSlots {

    /** llama-server's default {@code --slot-prompt-similarity}. */
    static final double SIMILARITY_THRESHOLD = 0.1;

    /** One slot: the tokens in its cache and when it was last released. */
    static final class Slot {
        private long[] tokens = new long[0];
        private long lastUsed;
        private boolean busy;

        /** Tokens held in this slot's cache. */
        int cachedTokens() {
            return tokens.length;
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    private final int numCtx;
    private final boolean enabled;
    private long releases;

    /**
     * @param count   slots, 1 or more
     * @param numCtx  tokens one slot holds
     * @param enabled false: every prompt is evaluated in full and slots are taken least recently used first
     */
    PromptSlots(int count, int numCtx, boolean enabled) {
        for (int i = 0; i < count; i++) {
            slots.add(new Slot());
        }
        this.numCtx = numCtx;
        this.enabled = enabled;
    }

    /** Takes an idle slot for {@code prompt}; the caller guarantees one is idle. */
    Slot take(long[] prompt) {
        Slot chosen = enabled ? mostSimilar(prompt) : null;
        if (chosen == null) {
            chosen = leastRecentlyUsed();
        }
        chosen.busy = true;
        return chosen;
    }

    /** Prompt tokens the slot already holds: the common prefix, leaving at least one token to evaluate. */
    int reusable(Slot slot, long[] prompt) {
        if (!enabled || prompt.length == 0) {
            return 0;
        }
        return Math.min(PromptTokens.commonPrefix(slot.tokens, slot.tokens.length, prompt), prompt.length - 1);
    }

    /** Frees the slot; its cache now holds {@code tokens} (their first num_ctx). */
    void release(Slot slot, long[] tokens) {
        slot.tokens = ContextWindow.head(tokens, numCtx);
        slot.lastUsed = ++releases;
        slot.busy = false;
    }

    private Slot mostSimilar(long[] prompt) {
        if (prompt.length == 0) {
            return null;
        }
        Slot best = null;
        double bestSimilarity = 0;
        for (Slot slot : slots) {
            if (slot.busy || slot.tokens.length == 0) {
                continue;
            }
            int common = PromptTokens.commonPrefix(slot.tokens, slot.tokens.length, prompt);
            double similarity = common / (double) prompt.length;
            if (similarity > bestSimilarity && similarity > SIMILARITY_THRESHOLD) {
                bestSimilarity = similarity;
                best = slot;
            }
            if (common == prompt.length && best == slot) {
                // the whole prompt is cached here: no later slot can be strictly more similar, and the first
                // of equals wins, so stop (with 1,000 slots holding one repeated prompt, the full scan was a
                // large share of admitting a request; docs/measurements/2026-12-07-emulator-scheduling-error.md)
                break;
            }
        }
        return best;
    }

    private Slot leastRecentlyUsed() {
        Slot oldest = null;
        for (Slot slot : slots) {
            // "<=" as llama-server: among equally old slots the last one is taken
            if (!slot.busy && (oldest == null || slot.lastUsed <= oldest.lastUsed)) {
                oldest = slot;
            }
        }
        if (oldest == null) {
            throw new IllegalStateException("no idle slot among " + slots.size());
        }
        return oldest;
    }
}
