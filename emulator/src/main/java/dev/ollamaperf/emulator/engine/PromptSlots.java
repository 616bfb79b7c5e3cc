package dev.ollamaperf.emulator.engine;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The parallel slots of one runner and the tokens each keeps in its KV cache from its last request,
 * as llama-server keeps them (docs/ollama-api.md §3.7 item 7). Guarded by the engine lock.
 *
 * <p>Slot choice is llama-server's with its default {@code slot_prompt_similarity} of 0.1: among the
 * idle slots that hold tokens, the one whose cached tokens share the longest common prefix with the
 * new prompt wins, if that prefix is more than 10% of the prompt; otherwise the least recently used
 * idle slot is taken. Whichever slot is taken, the prompt reuses the prefix it shares with that
 * slot's cache, except that at least one prompt token is always evaluated.
 *
 * <p>Both choices avoid a scan of every slot: a slot can only share a prefix with the prompt if its
 * first cached token is the prompt's first, so the idle slots are indexed by that token (in slot
 * order, which decides ties as the scan did), and they are kept ordered by age. With 1,000 slots,
 * scanning all of them twice per admission was O(n²) per burst of n requests under the engine lock
 * (docs/measurements/2026-12-07-emulator-scheduling-error-2.md).
 */
final class PromptSlots {

    /** llama-server's default {@code --slot-prompt-similarity}. */
    static final double SIMILARITY_THRESHOLD = 0.1;

    /** One slot: the tokens in its cache and when it was last released. */
    static final class Slot {
        private final int index;
        private long[] tokens = new long[0];
        private long lastUsed;

        private Slot(int index) {
            this.index = index;
        }

        /** Tokens held in this slot's cache. */
        int cachedTokens() {
            return tokens.length;
        }
    }

    /**
     * Idle slots, least recently used first; among equally old ones (never used) the last slot first, as
     * llama-server takes the last of equals.
     */
    private static final Comparator<Slot> OLDEST_FIRST =
            Comparator.comparingLong((Slot slot) -> slot.lastUsed).thenComparingInt(slot -> -slot.index);

    private final List<Slot> slots = new ArrayList<>();
    private final TreeSet<Slot> idleByAge = new TreeSet<>(OLDEST_FIRST);
    /** The idle slots that hold tokens, by their first cached token. */
    private final Map<Long, BitSet> idleByFirstToken = new HashMap<>();

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
            Slot slot = new Slot(i);
            slots.add(slot);
            idleByAge.add(slot);
        }
        this.numCtx = numCtx;
        this.enabled = enabled;
    }

    /** Takes an idle slot for {@code prompt}; the caller guarantees one is idle. */
    Slot take(long[] prompt) {
        Slot chosen = enabled ? mostSimilar(prompt) : null;
        if (chosen == null) {
            if (idleByAge.isEmpty()) {
                throw new IllegalStateException("no idle slot among " + slots.size());
            }
            chosen = idleByAge.first();
        }
        idleByAge.remove(chosen);
        if (chosen.tokens.length > 0) {
            BitSet sameStart = idleByFirstToken.get(chosen.tokens[0]);
            sameStart.clear(chosen.index);
            if (sameStart.isEmpty()) {
                idleByFirstToken.remove(chosen.tokens[0]);
            }
        }
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
        idleByAge.add(slot);
        if (slot.tokens.length > 0) {
            idleByFirstToken
                    .computeIfAbsent(slot.tokens[0], first -> new BitSet())
                    .set(slot.index);
        }
    }

    private Slot mostSimilar(long[] prompt) {
        if (prompt.length == 0) {
            return null;
        }
        BitSet candidates = idleByFirstToken.get(prompt[0]);
        if (candidates == null) {
            return null; // no idle slot shares even the first token: similarity 0 everywhere
        }
        Slot best = null;
        double bestSimilarity = 0;
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            Slot slot = slots.get(i);
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
}
