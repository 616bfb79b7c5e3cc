package dev.ollamaperf.recorder;

import java.util.Objects;

/**
 * One round of the prompt-cache probe: a fresh prompt, the same prompt again with a few new tokens at its
 * end (the server's slot holds the first part, docs/ollama-api.md §3.7 item 7), and a fresh prompt of the
 * repeated one's length for comparison. All three ask for one output token and are sent one after another.
 *
 * @param first    the prefix, sent fresh: its {@code prompt_eval_count} is what a slot then holds
 * @param repeated the prefix plus new tokens
 * @param fresh    a new prompt as long as {@code repeated}
 */
record CacheRound(Sample first, Sample repeated, Sample fresh) {

    CacheRound {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(repeated, "repeated");
        Objects.requireNonNull(fresh, "fresh");
    }

    /**
     * Prompt tokens of {@code repeated} the slot could reuse: the prefix's count, less one because a
     * tokenizer may join the prefix's last piece with what follows it; never all of {@code repeated}'s.
     */
    long reusable() {
        return Math.max(0, Math.min(first.promptEvalCount() - 1, repeated.promptEvalCount() - 1));
    }
}
