package dev.ollamaperf.load.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KV bytes per token from /api/show's model_info, as real Ollama reports it. */
final class KvGeometryTest {

    @Test
    void from_llama32Keys_bytesPerTokenOfTheRealModel() {
        // llama3.2 3B: 28 layers, 8 KV heads, 128-wide keys and values: 2 x 28 x 8 x 128 x 2 B = 114688 B.
        KvGeometry kv = KvGeometry.from(Map.of(
                "general.architecture",
                "llama",
                "llama.block_count",
                28,
                "llama.attention.head_count",
                24,
                "llama.attention.head_count_kv",
                8,
                "llama.attention.key_length",
                128,
                "llama.attention.value_length",
                128));

        assertThat(kv.bytesPerToken()).isEqualTo(114_688);
    }

    @Test
    void from_noKeyLengthNoKvHeads_usesEmbeddingOverHeads() {
        // llama2 7B style: 32 layers, 32 heads, embedding 4096 -> 128 per head, no GQA: 524288 B.
        KvGeometry kv = KvGeometry.from(Map.of(
                "general.architecture",
                "llama",
                "llama.block_count",
                32,
                "llama.attention.head_count",
                32,
                "llama.embedding_length",
                4096));

        assertThat(kv.bytesPerToken()).isEqualTo(524_288);
    }

    @Test
    void from_perLayerHeadList_countsTheLargest() {
        KvGeometry kv = KvGeometry.from(Map.of(
                "general.architecture",
                "x",
                "x.block_count",
                2,
                "x.attention.head_count_kv",
                List.of(4, 8),
                "x.attention.key_length",
                64,
                "x.attention.value_length",
                64));

        assertThat(kv.headCountKv()).isEqualTo(8);
    }

    @Test
    void from_missingArchitecture_unknown() {
        assertThat(KvGeometry.from(Map.of()).bytesPerToken()).isZero();
        assertThat(KvGeometry.from(null)).isEqualTo(KvGeometry.UNKNOWN);
    }
}
