package dev.ollamaperf.load.run;

import dev.ollamaperf.client.api.ModelNames;
import dev.ollamaperf.client.health.Preflight;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.ServerInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes {@code server.json} (results-format's {@link ServerInfo}) from what a {@link Preflight} noted
 * about the target: its version and the peak-size loaded models.
 */
final class ServerJson {

    private ServerJson() {}

    /** Writes {@code server.json}: version and the peak-size loaded models. */
    static void write(Preflight preflight, Path file) {
        write(preflight, file, Map.of());
    }

    /**
     * Writes {@code server.json} through results-format's typed writer with, besides the peak-size loaded
     * models, each driven model's load: {@code loaded_by_run} with the warm-up's {@code load_duration} when the
     * model was not resident before the run (the harness paid the cold load), {@code already_loaded} when it
     * was (no number is invented for a load the run did not see), {@code not_measured} when no warm-up answer
     * for it came back (warm-up off, or it failed). Takes one more {@link Preflight#sample()} first.
     *
     * @param warmUpLoadNanos the largest {@code load_duration} of the warm-up answers, by model name
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    static void write(Preflight preflight, Path file, Map<String, Long> warmUpLoadNanos) {
        preflight.sample();
        List<ServerInfo.LoadedModel> models = new ArrayList<>();
        new TreeMap<>(preflight.peakModels())
                .forEach((name, m) -> models.add(new ServerInfo.LoadedModel(
                        name,
                        m.size(),
                        m.sizeVram(),
                        m.contextLength(),
                        m.details() == null ? "" : m.details().family(),
                        m.details() == null ? "" : m.details().parameterSize(),
                        m.details() == null ? "" : m.details().quantizationLevel())));
        Map<String, Long> warmUp = new LinkedHashMap<>();
        warmUpLoadNanos.forEach((model, nanos) -> warmUp.merge(ModelNames.normalize(model), nanos, Math::max));
        Set<String> loadedBefore = Set.copyOf(preflight.loadedBefore());
        List<ServerInfo.ModelLoad> loads = new ArrayList<>();
        for (String model : new TreeSet<>(preflight.driven())) {
            Long nanos = warmUp.get(model);
            if (loadedBefore.contains(model)) {
                loads.add(new ServerInfo.ModelLoad(model, ServerInfo.ModelLoad.ALREADY_LOADED, null));
            } else if (nanos != null) {
                loads.add(new ServerInfo.ModelLoad(model, ServerInfo.ModelLoad.LOADED_BY_RUN, nanos));
            } else {
                loads.add(new ServerInfo.ModelLoad(model, ServerInfo.ModelLoad.NOT_MEASURED, null));
            }
        }
        FormatFiles.writeServer(
                new ServerInfo(
                        ServerInfo.VERSION,
                        Instant.now().toString(),
                        List.of(new ServerInfo.Endpoint(
                                preflight.target().toString(), preflight.version(), models, loads))),
                file);
    }
}
