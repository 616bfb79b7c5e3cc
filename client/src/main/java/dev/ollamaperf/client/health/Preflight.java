package dev.ollamaperf.client.health;

import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.api.KeepAlive;
import dev.ollamaperf.client.api.ModelInfo;
import dev.ollamaperf.client.api.ModelNames;
import dev.ollamaperf.client.api.RunningModel;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.client.error.OllamaException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a target before any load and leaves it as it was found afterwards
 * (docs/architecture.md, "Safety against a production Ollama"): it is reachable, every model a
 * scenario names is present (the harness never pulls one), and the set of loaded models is noted so
 * that {@link #restore()} can unload only what the run loaded and reload what the run evicted. While
 * the run goes on, {@link #sample()} notes the resident size of every loaded model; the accessors
 * ({@link #version()}, {@link #peakModels()}, {@link #loadedBefore()}, {@link #driven()}) hand these
 * facts to whoever writes them down (load-tests' {@code ServerJson}).
 *
 * <p>It sits beside {@link HealthCheck}: "is the target ready" and "note what is loaded, restore it
 * afterwards" are both about using a real server safely.
 *
 * <p>It talks to Ollama only through the client, which has no delete, pull, push, copy or create.
 */
public final class Preflight implements AutoCloseable {

    private static final Duration FOREVER_THRESHOLD = Duration.ofDays(365 * 100);

    private final OllamaClient client;
    private final URI target;
    private final String version;
    private final Map<String, Instant> loadedBefore;
    private final Map<String, RunningModel> peak = new ConcurrentHashMap<>();
    private final List<String> driven;
    private final Clock clock;
    private final PrintStream console;

    private Preflight(
            OllamaClient client,
            URI target,
            String version,
            Map<String, Instant> loadedBefore,
            List<String> driven,
            Clock clock,
            PrintStream console) {
        this.client = client;
        this.target = target;
        this.version = version;
        this.loadedBefore = loadedBefore;
        this.driven = driven;
        this.clock = clock;
        this.console = console;
    }

    /**
     * Checks the target for the given models.
     *
     * @throws PreflightException naming what is wrong: not reachable, or the missing models and
     *                            the ones present
     */
    public static Preflight check(URI target, List<String> models, PrintStream console) {
        OllamaClient client = OllamaClient.create(OllamaClientConfig.builder()
                .endpoint(target.toString())
                .noCache()
                .connectTimeout(Duration.ofSeconds(3))
                .readTimeout(Duration.ofSeconds(10))
                .callTimeout(Duration.ofSeconds(15))
                .build());
        try {
            String version = client.version().version();
            TreeSet<String> present = new TreeSet<>();
            for (ModelInfo model : client.tags().models()) {
                present.add(ModelNames.normalize(model.name()));
            }
            List<String> missing = models.stream()
                    .filter(m -> !present.contains(ModelNames.normalize(m)))
                    .toList();
            if (!missing.isEmpty()) {
                throw new PreflightException(
                        "model(s) " + String.join(", ", missing) + " not found at " + target
                                + "; present: " + (present.isEmpty() ? "none" : String.join(", ", present))
                                + ". The harness never pulls models: pull them yourself, or choose present ones.",
                        null);
            }
            Map<String, Instant> loaded = new LinkedHashMap<>();
            for (RunningModel running : client.ps().models()) {
                loaded.put(ModelNames.normalize(running.name()), expiry(running.expiresAt()));
            }
            console.printf(
                    "preflight: Ollama %s at %s; models present; loaded before the run: %s%n",
                    version, target, loaded.isEmpty() ? "none" : String.join(", ", loaded.keySet()));
            return new Preflight(
                    client,
                    target,
                    version,
                    loaded,
                    models.stream().map(ModelNames::normalize).toList(),
                    Clock.systemUTC(),
                    console);
        } catch (OllamaException e) {
            client.close();
            throw new PreflightException(
                    "Ollama is not usable at " + target + ": " + e.getMessage()
                            + ". Is it running (ollama serve), and is OLLAMA_HOST / OLLAMA_ENDPOINT right?",
                    e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Notes the resident size of every loaded model (the largest seen is kept). Never throws. */
    public void sample() {
        try {
            for (RunningModel running : client.ps().models()) {
                peak.merge(ModelNames.normalize(running.name()), running, (a, b) -> a.size() >= b.size() ? a : b);
            }
        } catch (RuntimeException e) {
            // A missed sample is not worth failing the run over; the next one will do.
        }
    }

    /**
     * Puts the loaded set back: unloads models this run drove that were not loaded before, and
     * reloads models that were loaded before and are gone, with the keep-alive they had left.
     */
    public void restore() {
        Map<String, RunningModel> now = new LinkedHashMap<>();
        for (RunningModel running : client.ps().models()) {
            now.put(ModelNames.normalize(running.name()), running);
        }
        for (String model : now.keySet()) {
            if (!loadedBefore.containsKey(model) && driven.contains(model)) {
                client.warmUp(model, KeepAlive.UNLOAD_NOW);
                console.printf("restore: unloaded %s (this run loaded it)%n", model);
            }
        }
        loadedBefore.forEach((model, expiresAt) -> {
            if (!now.containsKey(model)) {
                Duration left = expiresAt.equals(Instant.MAX)
                        ? FOREVER_THRESHOLD.plusDays(1)
                        : Duration.between(clock.instant(), expiresAt);
                if (!left.isNegative() && !left.isZero()) {
                    client.warmUp(
                            model, left.compareTo(FOREVER_THRESHOLD) > 0 ? KeepAlive.FOREVER : KeepAlive.of(left));
                    console.printf("restore: reloaded %s (loaded before the run)%n", model);
                }
            }
        });
    }

    /** The target checked. */
    public URI target() {
        return target;
    }

    /** The target's Ollama version, as {@code /api/version} gave it. */
    public String version() {
        return version;
    }

    /** The largest resident entry seen for each loaded model by {@link #sample()}, by normalized name. */
    public Map<String, RunningModel> peakModels() {
        return Map.copyOf(peak);
    }

    /** The models this run drives, normalized, as given to {@link #check}. */
    public List<String> driven() {
        return driven;
    }

    @Override
    public void close() {
        client.close();
    }

    private static Instant expiry(String expiresAt) {
        try {
            return expiresAt == null ? Instant.MAX : Instant.parse(expiresAt);
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }

    /** The models loaded before the run, normalized, in the order {@code /api/ps} gave them. */
    public List<String> loadedBefore() {
        return new ArrayList<>(loadedBefore.keySet());
    }
}
