package dev.ollamaperf.emulator.engine;

import java.util.List;
import java.util.Objects;

/**
 * The prompt of one request as the HTTP layer rendered it, with what Ollama needs to fit it into
 * the context window (docs/ollama-api.md §3.7 item 8).
 *
 * @param parts    the rendered pieces, joined one per line (empty pieces skipped): for chat one per
 *                 message, for generate system, template, prompt and suffix
 * @param chat     true when the parts are chat messages, which Ollama drops oldest first (system
 *                 messages and the last message stay) when the prompt does not fit
 * @param truncate the request's {@code truncate} (default true): fit an over-long prompt instead
 *                 of refusing it
 * @param shift    the request's {@code shift} (default true): context shift is on, so an over-long
 *                 prompt is cut in the middle; false refuses it with a 400
 * @param numKeep  {@code options.num_keep} (default {@value #DEFAULT_NUM_KEEP}): tokens at the start
 *                 that a cut keeps; negative keeps the whole prompt
 */
public record Prompt(List<Part> parts, boolean chat, boolean truncate, boolean shift, int numKeep) {

    /** Ollama's default {@code num_keep}. */
    public static final int DEFAULT_NUM_KEEP = 4;

    /**
     * One rendered piece.
     *
     * @param text   its text
     * @param system a system message (kept when older messages are dropped)
     */
    public record Part(String text, boolean system) {
        public Part {
            Objects.requireNonNull(text, "text");
        }
    }

    public Prompt {
        parts = List.copyOf(Objects.requireNonNull(parts, "parts"));
    }

    /** A single piece of text with Ollama's defaults (truncate and shift on, num_keep 4). */
    public static Prompt of(String text) {
        return new Prompt(List.of(new Part(text, false)), false, true, true, DEFAULT_NUM_KEEP);
    }

    /** The text the model sees: every non-empty part, one per line. */
    public String text() {
        return join(parts);
    }

    static String join(List<Part> parts) {
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            if (!part.text().isEmpty()) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(part.text());
            }
        }
        return sb.toString();
    }
}
