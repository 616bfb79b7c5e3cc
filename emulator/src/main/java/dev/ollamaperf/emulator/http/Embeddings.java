package dev.ollamaperf.emulator.http;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic stand-in embeddings: the same model and text always give the same vector,
 * different texts give (almost surely) different ones, and every vector is L2-normalised as
 * Ollama's are. They carry no meaning; only their shape is realistic.
 */
final class Embeddings {

    private Embeddings() {}

    /**
     * @param model  the full model name (part of the seed)
     * @param text   the input text
     * @param length vector length, 1 or more
     */
    static float[] vector(String model, String text, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("'length' must be 1 or more, got: " + length);
        }
        SplittableRandom random = new SplittableRandom(seed(model + '\u0000' + text));
        double[] values = new double[length];
        double sumOfSquares = 0;
        for (int i = 0; i < length; i++) {
            values[i] = random.nextDouble(-1.0, 1.0);
            sumOfSquares += values[i] * values[i];
        }
        double norm = Math.sqrt(sumOfSquares);
        float[] vector = new float[length];
        for (int i = 0; i < length; i++) {
            vector[i] = (float) (values[i] / norm);
        }
        return vector;
    }

    /** FNV-1a over UTF-8: stable across JVMs, unlike String.hashCode's narrow range. */
    private static long seed(String s) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
