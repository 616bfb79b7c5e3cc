package dev.ollamaperf.recorder;

import dev.ollamaperf.client.api.ModelInfo;
import dev.ollamaperf.client.api.RunningModel;
import dev.ollamaperf.client.api.ShowResponse;
import java.util.List;
import java.util.Objects;

/**
 * Everything recorded about one model, before it is turned into a profile.
 *
 * @param info              the model's /api/tags entry (size on disk, details)
 * @param show              its /api/show answer (model_info, capabilities)
 * @param loadNanos         {@code load_duration} of each cold load; empty when the model was loaded
 *                          before the run (then load time was not measured)
 * @param promptSamples     prefill requests ({@code num_predict} 1) over several prompt lengths
 * @param cacheRounds       the prompt-cache probe, one entry per round
 * @param generationSamples single requests whose output length the model chose (up to the cap)
 * @param curve             the batching curve
 * @param memory            its /api/ps entry after the batching curve, null if it was not loaded then
 */
record ModelMeasurement(
        ModelInfo info,
        ShowResponse show,
        List<Long> loadNanos,
        List<Sample> promptSamples,
        List<CacheRound> cacheRounds,
        List<Sample> generationSamples,
        BatchingCurve curve,
        RunningModel memory) {

    ModelMeasurement {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(show, "show");
        Objects.requireNonNull(curve, "curve");
        loadNanos = List.copyOf(loadNanos);
        promptSamples = List.copyOf(promptSamples);
        cacheRounds = List.copyOf(cacheRounds);
        generationSamples = List.copyOf(generationSamples);
    }

    /** True when the recorder found the model loaded and so did not measure its load time. */
    boolean wasLoaded() {
        return loadNanos.isEmpty();
    }
}
