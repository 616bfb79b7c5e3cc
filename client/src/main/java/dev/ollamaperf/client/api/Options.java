package dev.ollamaperf.client.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code options} object (docs/ollama-api.md §1.5): the documented keys as typed, nullable fields ({@code null} =
 * not sent, the server's default applies), and any other key kept verbatim in {@link #extra()} so nothing a caller
 * or a proxied request set is lost.
 *
 * <p>Trap: runner options ({@code num_ctx}, {@code num_batch}, {@code num_gpu}, {@code main_gpu}, {@code use_mmap},
 * {@code num_thread}) that differ from the loaded runner's force a full model reload; keep them constant.
 */
public record Options(
        Integer numPredict,
        Double temperature,
        Integer topK,
        Double topP,
        Double minP,
        Double typicalP,
        Integer repeatLastN,
        Double repeatPenalty,
        Double presencePenalty,
        Double frequencyPenalty,
        Integer numCtx,
        Integer numBatch,
        Integer numGpu,
        Integer mainGpu,
        Integer numThread,
        Boolean useMmap,
        Integer numKeep,
        Integer seed,
        List<String> stop,
        Integer draftNumPredict,
        Map<String, Object> extra) {

    /** No options: the server's defaults. */
    public static final Options DEFAULTS = builder().build();

    public Options {
        stop = stop == null ? null : List.copyOf(stop);
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        if (numCtx != null && numCtx < 1) {
            throw new IllegalArgumentException("'num_ctx' must be >= 1, got: " + numCtx);
        }
        if (temperature != null && temperature < 0) {
            throw new IllegalArgumentException("'temperature' must be >= 0, got: " + temperature);
        }
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when nothing is set, so the object can be left off the wire. */
    public boolean isEmpty() {
        return numPredict == null
                && temperature == null
                && topK == null
                && topP == null
                && minP == null
                && typicalP == null
                && repeatLastN == null
                && repeatPenalty == null
                && presencePenalty == null
                && frequencyPenalty == null
                && numCtx == null
                && numBatch == null
                && numGpu == null
                && mainGpu == null
                && numThread == null
                && useMmap == null
                && numKeep == null
                && seed == null
                && stop == null
                && draftNumPredict == null
                && extra.isEmpty();
    }

    /** Builder for {@link Options}; every setter is optional. */
    public static final class Builder {
        private Integer numPredict;
        private Double temperature;
        private Integer topK;
        private Double topP;
        private Double minP;
        private Double typicalP;
        private Integer repeatLastN;
        private Double repeatPenalty;
        private Double presencePenalty;
        private Double frequencyPenalty;
        private Integer numCtx;
        private Integer numBatch;
        private Integer numGpu;
        private Integer mainGpu;
        private Integer numThread;
        private Boolean useMmap;
        private Integer numKeep;
        private Integer seed;
        private List<String> stop;
        private Integer draftNumPredict;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private Builder() {}

        public Builder numPredict(Integer v) {
            numPredict = v;
            return this;
        }

        public Builder temperature(Double v) {
            temperature = v;
            return this;
        }

        public Builder topK(Integer v) {
            topK = v;
            return this;
        }

        public Builder topP(Double v) {
            topP = v;
            return this;
        }

        public Builder minP(Double v) {
            minP = v;
            return this;
        }

        public Builder typicalP(Double v) {
            typicalP = v;
            return this;
        }

        public Builder repeatLastN(Integer v) {
            repeatLastN = v;
            return this;
        }

        public Builder repeatPenalty(Double v) {
            repeatPenalty = v;
            return this;
        }

        public Builder presencePenalty(Double v) {
            presencePenalty = v;
            return this;
        }

        public Builder frequencyPenalty(Double v) {
            frequencyPenalty = v;
            return this;
        }

        public Builder numCtx(Integer v) {
            numCtx = v;
            return this;
        }

        public Builder numBatch(Integer v) {
            numBatch = v;
            return this;
        }

        public Builder numGpu(Integer v) {
            numGpu = v;
            return this;
        }

        public Builder mainGpu(Integer v) {
            mainGpu = v;
            return this;
        }

        public Builder numThread(Integer v) {
            numThread = v;
            return this;
        }

        public Builder useMmap(Boolean v) {
            useMmap = v;
            return this;
        }

        public Builder numKeep(Integer v) {
            numKeep = v;
            return this;
        }

        public Builder seed(Integer v) {
            seed = v;
            return this;
        }

        public Builder stop(List<String> v) {
            stop = v;
            return this;
        }

        public Builder draftNumPredict(Integer v) {
            draftNumPredict = v;
            return this;
        }

        /** Any other key, sent verbatim (a JSON-compatible value: String, Number, Boolean, List, Map). */
        public Builder extra(String key, Object value) {
            extra.put(key, value);
            return this;
        }

        public Options build() {
            return new Options(
                    numPredict,
                    temperature,
                    topK,
                    topP,
                    minP,
                    typicalP,
                    repeatLastN,
                    repeatPenalty,
                    presencePenalty,
                    frequencyPenalty,
                    numCtx,
                    numBatch,
                    numGpu,
                    mainGpu,
                    numThread,
                    useMmap,
                    numKeep,
                    seed,
                    stop,
                    draftNumPredict,
                    extra);
        }
    }
}
