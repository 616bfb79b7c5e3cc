package dev.ollamaperf.emulator.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits a prompt into a slot's context of {@code num_ctx} tokens the way Ollama does before it hands
 * the prompt to llama-server (docs/ollama-api.md §3.7 item 8):
 *
 * <ol>
 *   <li>chat, with {@code truncate} on: while the rendered messages need more than {@code num_ctx}
 *       tokens, the oldest messages are dropped; system messages and the last message always stay;
 *   <li>with {@code truncate} on, a prompt that still has {@code num_ctx} tokens or more is cut: with
 *       context shift on ({@code shift}, the default) the first {@code num_keep} tokens and the last
 *       ones are kept, {@code num_ctx - max((num_ctx - num_keep) / 2, 1)} in all; with {@code shift}
 *       false it is refused with 400 {@link #PROMPT_TOO_LONG}.
 * </ol>
 *
 * <p>Both cuts change the prompt's first tokens after the kept ones, so a conversation that has
 * outgrown its context no longer reuses its slot's cache beyond them.
 */
final class ContextWindow {

    /** Ollama's 400 for a prompt that does not fit when context shift is off. */
    static final String PROMPT_TOO_LONG = "the prompt is longer than the context length currently available to the"
            + " model; shorten the prompt, adjust the context length in settings, or use a model with a longer"
            + " context length";

    /**
     * A prompt fitted into the context.
     *
     * @param tokens the tokens the model evaluates
     * @param text   their text, or null when the prompt was cut inside its text
     * @param error  the 400 to answer instead, or null
     */
    record Fitted(long[] tokens, String text, EngineError error) {}

    private ContextWindow() {}

    /**
     * @param prompt the rendered prompt and its request's truncate, shift and num_keep
     * @param numCtx the slot's context, 4 or more
     */
    static Fitted fit(Prompt prompt, int numCtx) {
        List<Prompt.Part> parts =
                prompt.truncate() && prompt.chat() ? dropOldMessages(prompt.parts(), numCtx) : prompt.parts();
        String text = Prompt.join(parts);
        long[] tokens = PromptTokens.of(text);
        if (!prompt.truncate() || tokens.length <= numCtx - 1) {
            return new Fitted(tokens, text, null);
        }
        if (!prompt.shift()) {
            return new Fitted(tokens, text, new EngineError(400, PROMPT_TOO_LONG, false, false));
        }
        int keep = prompt.numKeep() < 0 ? tokens.length : prompt.numKeep();
        keep = Math.min(keep, numCtx - 1);
        int limit = numCtx - Math.max((numCtx - keep) / 2, 1);
        long[] cut = new long[limit];
        System.arraycopy(tokens, 0, cut, 0, keep);
        System.arraycopy(tokens, tokens.length - (limit - keep), cut, keep, limit - keep);
        return new Fitted(cut, null, null);
    }

    /** Ollama's chatPrompt: drop from the front until the rest fits, keeping system messages and the last one. */
    private static List<Prompt.Part> dropOldMessages(List<Prompt.Part> messages, int numCtx) {
        int last = messages.size() - 1;
        for (int first = 0; first < last; first++) {
            if (tokenCount(messages, first) <= numCtx) {
                return kept(messages, first);
            }
        }
        return kept(messages, Math.max(0, last));
    }

    /** Tokens of the system messages before {@code first} and every message from {@code first} on, joined. */
    private static int tokenCount(List<Prompt.Part> messages, int first) {
        long chars = 0;
        int pieces = 0;
        for (int i = 0; i < messages.size(); i++) {
            Prompt.Part part = messages.get(i);
            if ((i >= first || part.system()) && !part.text().isEmpty()) {
                chars += part.text().length();
                pieces++;
            }
        }
        long joined = chars + Math.max(0, pieces - 1);
        return (int)
                Math.min(Integer.MAX_VALUE, (joined + PromptTokens.CHARS_PER_TOKEN - 1) / PromptTokens.CHARS_PER_TOKEN);
    }

    private static List<Prompt.Part> kept(List<Prompt.Part> messages, int first) {
        if (first == 0) {
            return messages;
        }
        List<Prompt.Part> kept = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (i >= first || messages.get(i).system()) {
                kept.add(messages.get(i));
            }
        }
        return kept;
    }

    /** The first {@code length} tokens (a slot's cache is bounded by its context). */
    static long[] head(long[] tokens, int length) {
        return tokens.length <= length ? tokens : Arrays.copyOf(tokens, length);
    }
}
