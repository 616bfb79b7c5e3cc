package dev.ollamaperf.load.run;

import dev.ollamaperf.load.metrics.MetricsFile;
import dev.ollamaperf.load.protocol.ArrivalSchedule;
import dev.ollamaperf.load.protocol.LlmMetricsRecorder;
import dev.ollamaperf.load.protocol.OllamaProtocol;
import dev.ollamaperf.load.protocol.OllamaRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything one scenario run owns besides its Gatling DSL: settings, target, recorder, the request
 * factory, the preflight, and the end of the run, which judges the run's own validity, writes
 * {@code <run>/load/metrics.json} and {@code server.json}, and restores the target's loaded models. Simulations compose it rather than inherit from it.
 */
public final class LoadRun {

    private final String scenario;
    private final LoadSettings settings;
    private final LoadTarget target;
    private final LlmMetricsRecorder recorder;
    private final OllamaProtocol protocol;
    private final OllamaProtocol warmUpProtocol;
    private final ArrivalSchedule schedule;
    private final Clock clock;
    private final PrintStream console;
    private final AtomicLong sequence = new AtomicLong();
    private final Preflight preflight;
    private final ScheduledExecutorService sampler;
    private volatile Instant start;

    /**
     * @param scenario   the scenario's name in metrics.json (no dots or spaces)
     * @param settings   the run's parameters
     * @param target     where requests go (closed by {@link #finish})
     * @param openModel  true for constant-rate arrivals: latency from each user's intended start
     */
    public LoadRun(String scenario, LoadSettings settings, LoadTarget target, boolean openModel) {
        this(scenario, settings, target, openModel, Clock.systemUTC(), System.out);
    }

    LoadRun(String scenario, LoadSettings settings, LoadTarget target, boolean openModel, Clock clock,
            PrintStream console) {
        this.scenario = scenario;
        this.settings = settings;
        this.target = target;
        this.clock = clock;
        this.console = console;
        try {
            this.preflight = Preflight.check(target.baseUri(), settings.models(), console);
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ollama-perf-ps-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(preflight::sample, 1, 2, TimeUnit.SECONDS);
        this.recorder = new LlmMetricsRecorder(new LlmMetricsRecorder.Objectives(settings.maxTtft().toNanos(),
                settings.maxE2e().toNanos()));
        this.schedule = openModel ? new ArrivalSchedule(settings.ratePerSecond()) : null;
        this.protocol = OllamaProtocol.of(target.baseUri(), settings.timeout(), recorder, schedule);
        // Warm-up requests go to a recorder nobody reads: they load the models, and are not measured.
        this.warmUpProtocol = OllamaProtocol.of(target.baseUri(), settings.timeout(),
                new LlmMetricsRecorder(LlmMetricsRecorder.Objectives.NONE), null);
        console.printf("ollama-perf %s: target %s (%s), %s%n", scenario, target.baseUri(), target.kind(), settings);
    }

    /** The measured protocol. */
    public OllamaProtocol protocol() {
        return protocol;
    }

    /** The unmeasured protocol for warm-up requests. */
    public OllamaProtocol warmUpProtocol() {
        return warmUpProtocol;
    }

    /** The settings. */
    public LoadSettings settings() {
        return settings;
    }

    /** The next request: models in turn, a fresh synthetic prompt each time. Marks the run's start. */
    public OllamaRequest nextRequest() {
        if (start == null) {
            start = clock.instant();
        }
        long n = sequence.getAndIncrement();
        return request(settings.models().get((int) (n % settings.models().size())), n);
    }

    /** A warm-up request for one model (not counted). */
    public OllamaRequest warmUpRequest(String model) {
        return request(model, -1);
    }

    private OllamaRequest request(String model, long seed) {
        List<OllamaRequest.Message> messages = List.of(
                new OllamaRequest.Message("user", SyntheticPrompts.ofTokens(settings.promptTokens(), seed)));
        return new OllamaRequest(settings.api(), model, messages, settings.stream(), settings.numPredict(), 0);
    }

    /**
     * Ends the run: judges it, writes metrics.json, prints a summary line, stops the target.
     *
     * @param users the virtual users the injection started
     * @return the metrics file
     */
    public Path finish(int users) {
        try {
            Instant end = clock.instant();
            Instant begin = start == null ? end : start;
            Map<String, LlmMetricsRecorder.ModelSnapshot> models = recorder.snapshot();
            List<String> reasons = validity(models, begin, end);
            Map<String, Long> objectives = new LinkedHashMap<>();
            if (!settings.maxTtft().isZero()) {
                objectives.put("ttft", settings.maxTtft().toNanos());
            }
            if (!settings.maxE2e().isZero()) {
                objectives.put("e2e", settings.maxE2e().toNanos());
            }
            MetricsFile.ScenarioRun run = new MetricsFile.ScenarioRun(scenario, reasons, begin, end, schedule != null,
                    schedule != null ? settings.ratePerSecond() : 0, users, target.kind(),
                    List.of(target.baseUri().toString()), settings.asMap(), objectives, models);
            Path file = settings.runFolder().resolve("load").resolve("metrics.json");
            MetricsFile.write(file, "injector-1", run);
            sampler.shutdownNow();
            preflight.writeServerJson(settings.runFolder().resolve("load").resolve("server.json"));
            preflight.restore();
            reasons.forEach(reason -> console.println("WARNING " + scenario + ": " + reason));
            console.printf("ollama-perf %s: %d requests, %.2f req/s sent, metrics in %s%n", scenario,
                    models.values().stream().mapToLong(LlmMetricsRecorder.ModelSnapshot::requests).sum(),
                    run.achievedRps(), file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics.json: " + e.getMessage(), e);
        } finally {
            sampler.shutdownNow();
            preflight.close();
            target.close();
        }
    }

    /** A run judges its own validity (STYLE.md #19): missed arrival rate, no answers at all. */
    private List<String> validity(Map<String, LlmMetricsRecorder.ModelSnapshot> models, Instant begin, Instant end) {
        List<String> reasons = new ArrayList<>();
        long requests = models.values().stream().mapToLong(LlmMetricsRecorder.ModelSnapshot::requests).sum();
        long ok = models.values().stream().mapToLong(LlmMetricsRecorder.ModelSnapshot::ok).sum();
        if (requests == 0) {
            reasons.add("no request was sent");
        } else if (ok == 0) {
            reasons.add("no request succeeded (" + requests + " sent)");
        }
        if (schedule != null && requests > 0) {
            double expected = settings.ratePerSecond() * settings.duration().toNanos() / 1e9;
            if (requests < 0.95 * expected) {
                reasons.add(String.format(java.util.Locale.ROOT,
                        "missed target arrival rate: %d requests sent, %.0f expected at %.2f/s over %s",
                        requests, expected, settings.ratePerSecond(), settings.duration()));
            }
        }
        return reasons;
    }
}
