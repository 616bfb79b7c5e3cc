package dev.ollamaperf.reports.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Memory for the models at a parallel setting: per model, the weights ({@code /api/tags} size) plus
 * the KV cache, which Ollama allocates in full at load time for every slot
 * ({@code kvBytesPerToken x num_ctx x OLLAMA_NUM_PARALLEL}, docs/ollama-api.md §3.4), scaled by the
 * cache type. Compute buffers and runtime overhead are not modelled: where {@code /api/ps} reported
 * the resident size, it is shown beside the prediction at the parallelism the test ran with.
 *
 * @param models          per model
 * @param parallel        the slots planned for
 * @param cacheType       the KV cache type
 * @param totalBytes      sum over the models
 * @param availableBytes  the RAM/VRAM they must fit in, 0 when not given
 * @param maxParallelFit  the most slots that fit in {@code availableBytes} (0: not even one; -1: not asked)
 */
public record MemoryPlan(
        List<ModelMemory> models,
        int parallel,
        KvCacheType cacheType,
        long totalBytes,
        long availableBytes,
        int maxParallelFit) {

    public MemoryPlan {
        models = List.copyOf(models);
        Objects.requireNonNull(cacheType, "cacheType");
    }

    /**
     * One model's part.
     *
     * @param name             full name
     * @param weightsBytes     model size
     * @param kvBytesPerToken  per token per slot, at the plan's cache type; 0 when unknown
     * @param contextLength    num_ctx planned for
     * @param kvBytes          KV cache of all slots
     * @param totalBytes       weights + KV
     * @param observedBytes    {@code /api/ps} size during the run, 0 when not seen
     * @param predictedAtTest  the plan's formula at the test's slots and f16, 0 when the test's slots are unknown
     */
    public record ModelMemory(
            String name,
            long weightsBytes,
            long kvBytesPerToken,
            long contextLength,
            long kvBytes,
            long totalBytes,
            long observedBytes,
            long predictedAtTest) {}

    /** True when a memory size was given and the plan fits in it. */
    public boolean fits() {
        return availableBytes > 0 && totalBytes <= availableBytes;
    }

    /**
     * Plans {@code parallel} slots for the models.
     *
     * @param inputs         per model: weights, context, f16 KV bytes per token
     * @param observed       per model name, the resident size seen (0 if none)
     * @param testSlots      the slots the test ran with, 0 if unknown
     * @param defaultContext num_ctx for a model whose context was not seen
     * @param availableBytes 0 when not asked
     */
    public static MemoryPlan of(
            List<SweepInfo.ModelInputs> inputs,
            java.util.Map<String, Long> observed,
            int parallel,
            int testSlots,
            KvCacheType cacheType,
            long defaultContext,
            long availableBytes) {
        List<ModelMemory> models = new ArrayList<>();
        long total = 0;
        for (SweepInfo.ModelInputs in : inputs) {
            long context = in.contextLength() > 0 ? in.contextLength() : defaultContext;
            long perToken = Math.round(in.kvBytesPerToken() * cacheType.factor());
            long kv = perToken * context * parallel;
            long atTest = testSlots > 0 ? in.sizeBytes() + in.kvBytesPerToken() * context * testSlots : 0;
            models.add(new ModelMemory(
                    in.name(),
                    in.sizeBytes(),
                    perToken,
                    context,
                    kv,
                    in.sizeBytes() + kv,
                    observed.getOrDefault(in.name(), 0L),
                    atTest));
            total += in.sizeBytes() + kv;
        }
        return new MemoryPlan(
                models,
                parallel,
                cacheType,
                total,
                availableBytes,
                availableBytes > 0 ? maxParallel(models, availableBytes) : -1);
    }

    private static int maxParallel(List<ModelMemory> models, long available) {
        long weights = models.stream().mapToLong(ModelMemory::weightsBytes).sum();
        long perSlot = models.stream()
                .mapToLong(m -> m.kvBytesPerToken() * m.contextLength())
                .sum();
        if (weights + perSlot > available) {
            return 0;
        }
        return perSlot == 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, (available - weights) / perSlot);
    }
}
