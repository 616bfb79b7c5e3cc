package dev.ollamaperf.load.capacity;

import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.api.ModelInfo;
import dev.ollamaperf.client.api.ModelNames;
import dev.ollamaperf.client.api.RunningModel;
import dev.ollamaperf.client.api.ShowRequest;
import dev.ollamaperf.client.api.ShowResponse;
import dev.ollamaperf.client.config.OllamaClientConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Read-only queries of the target for a capacity sweep: {@code /api/ps} once a second (resident
 * memory per step, on a daemon thread so no Gatling thread ever blocks), and at the end
 * {@code /api/tags} and {@code /api/show} for the memory plan. Never loads or unloads anything.
 */
public final class ServerProbe implements AutoCloseable {

    private final OllamaClient client;
    private final ScheduledExecutorService sampler;
    private final Map<String, Long> contextLengths = new ConcurrentHashMap<>();

    /** Starts sampling {@code ollama} into {@code monitor}. */
    public ServerProbe(URI ollama, SweepMonitor monitor) {
        this.client = OllamaClient.create(OllamaClientConfig.builder()
                .endpoint(ollama.toString())
                .noCache()
                .connectTimeout(Duration.ofSeconds(3))
                .readTimeout(Duration.ofSeconds(10))
                .callTimeout(Duration.ofSeconds(15))
                .build());
        this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ollama-perf-capacity-ps");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(() -> sample(monitor), 0, 1, TimeUnit.SECONDS);
    }

    private void sample(SweepMonitor monitor) {
        try {
            long size = 0;
            long vram = 0;
            for (RunningModel running : client.ps().models()) {
                size += running.size();
                vram += running.sizeVram();
                if (running.contextLength() > 0) {
                    contextLengths.put(ModelNames.normalize(running.name()), running.contextLength());
                }
            }
            monitor.sample(size, vram);
        } catch (RuntimeException e) {
            // A missed sample is not worth failing the run over; the next one will do.
        }
    }

    /** What the memory plan needs for each of {@code models}; stops the sampling first. */
    public List<SweepFile.ModelPlan> plans(List<String> models) {
        sampler.shutdownNow();
        Map<String, Long> sizes = new ConcurrentHashMap<>();
        for (ModelInfo info : client.tags().models()) {
            sizes.put(ModelNames.normalize(info.name()), info.size());
        }
        List<SweepFile.ModelPlan> plans = new ArrayList<>();
        for (String model : models) {
            String name = ModelNames.normalize(model);
            ShowResponse show = client.show(new ShowRequest(model, null));
            Map<String, Object> info = show.modelInfo() == null ? Map.of() : show.modelInfo();
            long trained = info.get("general.architecture") instanceof String arch
                            && info.get(arch + ".context_length") instanceof Number n
                    ? n.longValue()
                    : 0;
            plans.add(new SweepFile.ModelPlan(
                    name,
                    sizes.getOrDefault(name, 0L),
                    contextLengths.getOrDefault(name, 0L),
                    trained,
                    KvGeometry.from(info)));
        }
        return plans;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        client.close();
    }
}
