package dev.ollamaperf.emulator.engine;

import java.time.Instant;

/**
 * One resident model, as /api/ps shows it.
 *
 * @param profile       the model
 * @param sizeBytes     resident bytes: weights plus KV cache for parallel x context
 * @param sizeVramBytes the part of it "on the GPU"
 * @param contextLength the per-request num_ctx the runner was loaded with
 * @param expiresAt     when it unloads if it stays idle
 */
public record LoadedModel(
        ModelProfile profile, long sizeBytes, long sizeVramBytes, int contextLength, Instant expiresAt) {}
