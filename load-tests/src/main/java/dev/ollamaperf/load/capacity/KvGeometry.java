package dev.ollamaperf.load.capacity;

import java.util.List;
import java.util.Map;

/**
 * A model's KV-cache geometry from {@code /api/show}'s {@code model_info} (GGUF keys): per token of
 * context and per parallel slot, the cache holds {@code block_count x head_count_kv x (key_length +
 * value_length)} values, 2 bytes each at the default f16 cache type. Keys, for architecture
 * {@code arch = general.architecture}: {@code arch.block_count}, {@code arch.attention.head_count_kv}
 * (else {@code head_count}: no grouped-query attention), {@code arch.attention.key_length} and
 * {@code value_length} (else {@code embedding_length / head_count}). A per-layer list (some models
 * vary heads by layer) counts its largest entry, which over-estimates rather than under-estimates.
 *
 * @param blockCount  layers, 0 when unknown
 * @param headCountKv KV heads per layer, 0 when unknown
 * @param keyLength   key width per head, 0 when unknown
 * @param valueLength value width per head, 0 when unknown
 */
public record KvGeometry(long blockCount, long headCountKv, long keyLength, long valueLength) {

    /** Bytes per cached value at the default cache type (f16). */
    public static final int F16_BYTES = 2;

    /** Nothing known. */
    public static final KvGeometry UNKNOWN = new KvGeometry(0, 0, 0, 0);

    public KvGeometry {
        if (blockCount < 0 || headCountKv < 0 || keyLength < 0 || valueLength < 0) {
            throw new IllegalArgumentException("KV geometry must be >= 0, got: " + blockCount + ", " + headCountKv
                    + ", " + keyLength + ", " + valueLength);
        }
    }

    /** Reads the geometry from {@code model_info}; unknown parts are 0. */
    public static KvGeometry from(Map<String, Object> modelInfo) {
        if (modelInfo == null || !(modelInfo.get("general.architecture") instanceof String arch)) {
            return UNKNOWN;
        }
        long blocks = whole(modelInfo.get(arch + ".block_count"));
        long heads = whole(modelInfo.get(arch + ".attention.head_count"));
        long kvHeads = whole(modelInfo.get(arch + ".attention.head_count_kv"));
        long embedding = whole(modelInfo.get(arch + ".embedding_length"));
        long perHead = heads > 0 ? embedding / heads : 0;
        long key = whole(modelInfo.get(arch + ".attention.key_length"));
        long value = whole(modelInfo.get(arch + ".attention.value_length"));
        return new KvGeometry(
                blocks, kvHeads > 0 ? kvHeads : heads, key > 0 ? key : perHead, value > 0 ? value : perHead);
    }

    /** KV-cache bytes per token of context per slot at f16, or 0 when a part is unknown. */
    public long bytesPerToken() {
        return blockCount * headCountKv * (keyLength + valueLength) * F16_BYTES;
    }

    private static long whole(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof List<?> list) {
            return list.stream().mapToLong(KvGeometry::whole).max().orElse(0);
        }
        return 0;
    }
}
