package dev.ollamaperf.client.api;

import java.util.Objects;

/**
 * One entry of {@code GET /api/ps}: a loaded model.
 *
 * @param name          full name
 * @param model         same as {@code name}
 * @param size          resident bytes: weights + KV cache for all slots + buffers
 * @param digest        content digest
 * @param details       format details, {@code null} when absent
 * @param expiresAt     RFC3339 text of the idle expiry
 * @param sizeVram      bytes in GPU memory (0 on CPU)
 * @param contextLength per-request {@code num_ctx} (v0.10.0+), 0 when absent
 */
public record RunningModel(
        String name,
        String model,
        long size,
        String digest,
        ModelDetails details,
        String expiresAt,
        long sizeVram,
        long contextLength) {

    public RunningModel {
        Objects.requireNonNull(name, "name");
    }
}
