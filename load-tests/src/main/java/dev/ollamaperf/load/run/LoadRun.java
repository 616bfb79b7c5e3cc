package dev.ollamaperf.load.run;

import dev.ollamaperf.client.health.Preflight;
import dev.ollamaperf.client.health.PreflightException;
import dev.ollamaperf.load.integration.IntegrationProcess;
import dev.ollamaperf.load.integration.IntegrationReply;
import dev.ollamaperf.load.metrics.FleetSummary;
import dev.ollamaperf.load.metrics.MetricsFile;
import dev.ollamaperf.load.protocol.ArrivalSchedule;
import dev.ollamaperf.load.protocol.FleetNodes;
import dev.ollamaperf.load.protocol.LlmMetricsRecorder;
import dev.ollamaperf.load.protocol.LoopLag;
import dev.ollamaperf.load.protocol.OllamaProtocol;
import dev.ollamaperf.load.protocol.OllamaRequest;
import dev.ollamaperf.load.protocol.PairedLatencies;
import dev.ollamaperf.load.protocol.Route;
import dev.ollamaperf.load.protocol.StreamLoops;
import dev.ollamaperf.load.protocol.TargetWatch;
import dev.ollamaperf.load.protocol.TimeSeriesRecorder;
import dev.ollamaperf.load.protocol.UserCounts;
import dev.ollamaperf.load.session.TurnRecorder;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.HarnessInfo;
import dev.ollamaperf.results.IntegrationMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Everything one simulation run owns besides its Gatling DSL: settings, target, preflight, the
 * prompts, the measured phases, and the end of the run, which judges each phase's validity, writes
 * {@code <run>/load/metrics.json} (one scenario entry per phase) and {@code server.json}, and puts
 * the target's loaded models back. Simulations compose it rather than inherit from it.
 *
 * <p>When the target stops answering mid-run and still does not answer at the end, the phases it was
 * serving are INVALID, their metrics are written all the same, the restore is skipped (there is nothing
 * to restore it on), and {@link LoadMain} ends the JVM with exit 3 and one line saying so.
 */
public final class LoadRun {

    /**
     * How the progress line begins that a run prints every {@value #PROGRESS_SECONDS} s: {@code perf} relays
     * it (cli's {@code Measurement}) instead of reading Gatling's console.
     */
    public static final String PROGRESS = "ollama-perf progress: ";

    static final int PROGRESS_SECONDS = 10;

    /** The line {@link #finish} leaves for {@link LoadMain} when the target stopped answering (one run per JVM). */
    static final AtomicReference<String> LOST_TARGET = new AtomicReference<>();

    private final LoadSettings settings;
    private final LoadTarget target;
    private final Clock clock;
    private final PrintStream console;
    private final PromptSet prompts;
    private final Preflight preflight;
    /** Against a fleet, the preflight of every node after the first (checked and restored as the first). */
    private final List<Preflight> otherNodes = new ArrayList<>();

    private final ScheduledExecutorService sampler;
    private final OllamaProtocol warmUpProtocol;
    /** The event loops every stream of the run is read on (closed by {@link #finish}). */
    private final StreamLoops loops;

    private final LlmMetricsRecorder warmUpRecorder = new LlmMetricsRecorder(LlmMetricsRecorder.Objectives.NONE);
    private final List<Phase> phases = new CopyOnWriteArrayList<>();
    private final AtomicLong heapMaxUsed = new AtomicLong();
    private final TargetWatch watch;
    private final AtomicBoolean integrationWindowOpen = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger warmUpUsersLeft;
    private final InjectorHealth health = new InjectorHealth();
    private final AtomicReference<Duration> startShift = new AtomicReference<>();

    /**
     * Checks the target (see {@link Preflight}) and starts sampling its memory.
     *
     * @param settings the run's parameters
     * @param target   where requests go (closed by {@link #finish})
     * @throws PreflightException when the target is unreachable or lacks a model
     */
    public LoadRun(LoadSettings settings, LoadTarget target) {
        this(settings, target, Clock.systemUTC(), System.out);
    }

    LoadRun(LoadSettings settings, LoadTarget target, Clock clock, PrintStream console) {
        this.settings = settings;
        this.target = target;
        this.clock = clock;
        this.console = console;
        this.watch = new TargetWatch(clock);
        this.warmUpUsersLeft = new java.util.concurrent.atomic.AtomicInteger(Scenarios.warmUpUsers(settings));
        this.loops = StreamLoops.start(settings.maxLoopLag());
        try {
            this.prompts = settings.prompts().equals("synthetic") ? null : PromptSet.resolve(settings.prompts());
            this.preflight = Preflight.check(target.ollamaUri(), settings.models(), console);
            for (URI node : target.nodes().subList(1, target.nodes().size())) {
                otherNodes.add(Preflight.check(node, settings.models(), console));
            }
        } catch (RuntimeException e) {
            // a later node refused: the nodes already checked are put back as they were
            restoreAfterFailure();
            otherNodes.forEach(Preflight::close);
            loops.close();
            target.close();
            throw e;
        }
        this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ollama-perf-ps-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(
                () -> {
                    preflight.sample();
                    Runtime runtime = Runtime.getRuntime();
                    heapMaxUsed.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                },
                1,
                2,
                TimeUnit.SECONDS);
        sampler.scheduleAtFixedRate(
                () -> console.println(progress()), PROGRESS_SECONDS, PROGRESS_SECONDS, TimeUnit.SECONDS);
        // Warm-up requests load the models and are not measured; only their load_duration is kept,
        // as each cold model's load time (server.json "model_loads").
        // against a fleet, warm-up requests go round the idle nodes, so each loads the models before the measurement
        this.warmUpProtocol = OllamaProtocol.of(
                        target.baseUri(), settings.timeout(), warmUpRecorder, null, loops, watch)
                .withThink(settings.think())
                .withFleet(fleet());
        console.printf("ollama-perf: target %s (%s), %s%n", target.baseUri(), target.kind(), settings);
        target.integration()
                .ifPresent(integration -> console.printf(
                        "ollama-perf: the integration runs in its own JVM, pid %d, in front of %s (%s)%n",
                        integration.pid(), target.ollamaUri(), settings.mode().label()));
        if (settings.warmUp() == 0) {
            openIntegrationWindow();
        }
        if (settings.injector().shared()) {
            console.printf(
                    Locale.ROOT,
                    "ollama-perf: injector %s carries %d of %d users, %.3f of %.3f arrivals/s; files named %s%n",
                    settings.injector(),
                    settings.injectorUsers(),
                    settings.users(),
                    settings.injectorRate(),
                    settings.ratePerSecond(),
                    settings.injectorMetricsFile());
        }
    }

    /** A new spread of requests over the target's nodes, or null when it has one. */
    private FleetNodes fleet() {
        return target.nodes().size() > 1 ? new FleetNodes(target.nodes()) : null;
    }

    /**
     * How long the warm-up users wait after their requests ({@link Scenarios#warmUp}): until one Gatling injector tick
     * ({@value #INJECTOR_TICK_MILLIS} ms) before the common start ({@code ollama.perf.startAt}), so the measured
     * scenario, which Gatling starts on its next tick, has begun by then; its users wait out the rest
     * ({@link #startShift}). Zero without a start time.
     */
    public Duration untilStart() {
        return settings.startAt()
                .map(at -> Duration.between(clock.instant(), at).minusMillis(INJECTOR_TICK_MILLIS))
                .filter(wait -> !wait.isNegative())
                .orElse(Duration.ZERO);
    }

    /**
     * The wait every user of the measured scenario begins with ({@link Scenarios#measured}): the time from the first
     * such user's arrival to the common start plus {@code offset}, the same for all, so the injection keeps its shape
     * (evenly spaced, Poisson, all at once) and begins at that instant, to the millisecond rather than to Gatling's
     * 1 s tick. Said once on the console; a start time already passed gives zero, and says by how much it was missed.
     *
     * @param offset when this injector's first arrival is due after the start (evenly spaced injectors interleave)
     */
    public Duration startShift(Duration offset) {
        Duration shift = startShift.get();
        if (shift != null) {
            return shift;
        }
        Duration wait = settings.startAt()
                .map(at -> Duration.between(clock.instant(), at.plus(offset)))
                .orElse(Duration.ZERO);
        if (startShift.compareAndSet(null, wait.isNegative() ? Duration.ZERO : wait)) {
            settings.startAt()
                    .ifPresent(at -> console.println(
                            wait.isNegative()
                                    ? "ollama-perf: the start time " + at + " passed "
                                            + wait.negated().toMillis() + " ms ago (after the warm-up): starting now"
                                    : "ollama-perf: waiting " + wait.toMillis() + " ms for the start time " + at
                                            + (offset.isZero() ? "" : " + " + offset.toMillis() + " ms")));
        }
        return startShift.get();
    }

    /** Gatling's injector starts a scenario that follows another ({@code andThen}) on its next tick, every 1 s. */
    static final long INJECTOR_TICK_MILLIS = 1_000;

    /**
     * Notes that one warm-up user is done; when the last one is ({@link Scenarios#warmUpUsers}), the integration's
     * measurement window opens.
     */
    public void warmUpUserDone() {
        if (warmUpUsersLeft.decrementAndGet() <= 0) {
            openIntegrationWindow();
        }
    }

    /**
     * Opens the integration's measurement window (once; a full collection in its JVM first): after the warm-up,
     * before the measured requests. Nothing when the load does not go through the integration.
     */
    public void openIntegrationWindow() {
        if (target.integration().isPresent() && integrationWindowOpen.compareAndSet(false, true)) {
            target.integration().get().openWindow();
        }
    }

    /**
     * The progress line: requests ended and failed so far over the measured phases, or, before the first
     * measured request, that the warm-up runs (it loads the models, which may take a while).
     */
    String progress() {
        if (phases.stream().allMatch(phase -> phase.start == null)) {
            return PROGRESS + "warming up (loads the models)";
        }
        long ended = 0;
        long failed = 0;
        for (Phase phase : phases) {
            LlmMetricsRecorder.Progress counts = phase.recorder.progress();
            ended += counts.ended();
            failed += counts.failed();
        }
        return String.format(Locale.ROOT, "%s%d requests, %d failed", PROGRESS, ended, failed);
    }

    /**
     * A measured part of the run, written as one scenario of metrics.json.
     *
     * @param name      scenario name (no dots or spaces), e.g. "steady"
     * @param targetRps for constant-rate open-model phases, the arrival rate: latency is then measured
     *                  from each user's intended start, and a missed rate makes the phase INVALID;
     *                  0 for closed-model or ramping phases (latency from the send)
     */
    public Phase phase(String name, double targetRps) {
        return phase(name, targetRps, targetRps > 0);
    }

    /**
     * A measured part of the run whose arrivals are open-model but not evenly spaced (a ramp, or
     * Poisson arrivals): the missed-rate check still applies to {@code targetRps} (the average
     * rate), but latency is measured from the send, since no schedule says when each user was due.
     *
     * @param evenlySpaced true only for a constant rate without randomization
     */
    public Phase phase(String name, double targetRps, boolean evenlySpaced) {
        if (settings.mode() != LoadMode.PAIRED) {
            Phase phase = new Phase(name, targetRps, evenlySpaced, target.baseUri(), null, null);
            phases.add(phase);
            return phase;
        }
        // each path gets every other request, hence half the arrivals; the schedule stays the integration
        // phase's, whose protocol times both paths
        Phase direct =
                new Phase(name + DIRECT_SUFFIX, targetRps / 2, false, target.ollamaUri(), null, target.ollamaKind());
        Phase phase = new Phase(name, targetRps / 2, evenlySpaced, target.baseUri(), direct, null);
        phases.add(phase);
        phases.add(direct);
        return phase;
    }

    /** The suffix of the phase that measures a paired run's direct path, e.g. {@code steady_direct}. */
    public static final String DIRECT_SUFFIX = "_direct";

    /** Ollama itself (never the gateway): where safety calls and model queries go. */
    public java.net.URI ollamaUri() {
        return target.ollamaUri();
    }

    /** How many Ollama nodes the load spreads over (1 unless the target is a fleet). */
    public int nodes() {
        return target.nodes().size();
    }

    /** The unmeasured protocol for warm-up requests. */
    public OllamaProtocol warmUpProtocol() {
        return warmUpProtocol;
    }

    /** The settings. */
    public LoadSettings settings() {
        return settings;
    }

    /** A warm-up request for one model (not counted). */
    public OllamaRequest warmUpRequest(String model) {
        return request(model, -1);
    }

    /** Prompt {@code n} of the run's prompt set (cycling), sent to {@code model}. */
    public OllamaRequest request(String model, long n) {
        List<OllamaRequest.Message> messages = prompts != null
                ? prompts.get(n).messages()
                : List.of(new OllamaRequest.Message("user", SyntheticPrompts.ofTokens(settings.promptTokens(), n)));
        return new OllamaRequest(settings.api(), model, messages, settings.stream(), settings.numPredict(), 0, null);
    }

    /**
     * Ends the run: judges each phase, writes metrics.json and server.json, restores the target's
     * loaded models, prints a summary, stops the target. When the target no longer answers, the
     * phases it was serving are INVALID, the restore is skipped and the run is marked for exit 3
     * ({@link LoadMain}).
     *
     * @return the metrics file
     */
    public Path finish() {
        Optional<TargetLoss> loss =
                answers(target.ollamaUri()) ? Optional.empty() : Optional.of(new TargetLoss(watch.silence()));
        boolean restored = false;
        try {
            Path folder = settings.runFolder().resolve("load");
            Optional<IntegrationReply> integration = closeIntegrationWindow();
            Optional<HarnessInfo.Health> jvm = health.end();
            // only a shared injector judges its JVM: alone, the embedded emulator may share it, and the gate's
            // scenarios keep the validity rules they were calibrated with
            List<String> unhealthy = settings.injector().shared()
                    ? jvm.map(h -> InjectorHealth.problems(h, settings.maxGcShare()))
                            .orElse(List.of())
                    : List.of();
            List<MetricsFile.ScenarioRun> runs = new ArrayList<>();
            for (Phase phase : phases) {
                runs.add(phase.result(queueWait(integration), loss, unhealthy));
            }
            if (target.integration().isPresent()) {
                attachIntegration(runs, integration);
            }
            if (integration.isPresent()) {
                Files.createDirectories(folder);
                Path prometheus = folder.resolve(settings.injector().fileName("gateway-metrics.prom"));
                Files.writeString(prometheus, integration.get().prometheus());
                console.println("ollama-perf: the integration's own metrics (limiter, cache) in " + prometheus);
            }
            Path file = folder.resolve(settings.injectorMetricsFile());
            List<String> warnings = MetricsFile.write(file, settings.injector().label(), runs);
            writeHarnessJson(folder.resolve(settings.injector().fileName("harness.json")), jvm);
            sampler.shutdownNow();
            if (settings.injector().index() == 1) {
                // one server.json per run folder: the first injector's, which warmed (loaded) the models first
                ServerJson.write(preflight, folder.resolve("server.json"), warmUpRecorder.largestLoadNanos());
            }
            restored = true;
            if (loss.isEmpty()) {
                preflight.restore();
                otherNodes.forEach(Preflight::restore);
            } else {
                console.println("restore: skipped: the target does not answer, so its loaded models stay as the"
                        + " outage left them");
            }
            warnings.forEach(warning -> console.println("WARNING " + warning));
            for (MetricsFile.ScenarioRun run : runs) {
                run.reasons().forEach(reason -> console.println("WARNING " + run.scenario() + ": " + reason));
                console.printf(
                        Locale.ROOT,
                        "ollama-perf %s: %d requests, %.2f req/s sent%s%n",
                        run.scenario(),
                        run.requests(),
                        run.requestRps(),
                        run.conversationArrivals()
                                ? String.format(Locale.ROOT, ", %.2f conversations/s started", run.achievedRps())
                                : "");
                FleetSummary.lines(
                                run.nodes(),
                                Duration.between(run.start(), run.end()).toMillis() / 1000.0)
                        .forEach(console::println);
            }
            console.println("ollama-perf: load metrics in " + file);
            // The WARNING above says it on the console; LoadMain says it again last, after Gatling's tables.
            loss.ifPresent(lost -> LOST_TARGET.set("target " + target.ollamaUri() + " stopped answering " + lost.when()
                    + "; metrics kept in " + file));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the load results: " + e.getMessage(), e);
        } finally {
            sampler.shutdownNow();
            if (!restored) {
                restoreAfterFailure();
            }
            preflight.close();
            otherNodes.forEach(Preflight::close);
            loops.close();
            target.close();
        }
    }

    /**
     * Whether Ollama answers {@code /api/version} now: twice, half a second apart, 3 s each, so a target
     * that is merely busy is not taken for a dead one.
     */
    private static boolean answers(URI ollama) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpRequest version = HttpRequest.newBuilder(ollama.resolve("/api/version"))
                .timeout(Duration.ofSeconds(3))
                .GET()
                .build();
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (http.send(version, HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
                    return true;
                }
            } catch (IOException e) {
                // not answering: try once more
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
            if (attempt == 0) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The target did not answer at the end of the run.
     *
     * @param silence since when no request got an answer, when the requests saw it go (a target behind the
     *                gateway answers through it with HTTP errors, so then only the end shows it)
     */
    private record TargetLoss(Optional<TargetWatch.Silence> silence) {

        /** E.g. {@code at 2026-11-26T16:05:05.123Z (812 connection failures)}. */
        String when() {
            return silence.map(s -> "at " + s.since().truncatedTo(ChronoUnit.MILLIS) + " (" + s.describe() + ")")
                    .orElse("before the end of the run");
        }

        /**
         * Whether it hit a phase whose last request was sent (or, for phases that mark their end, ended) at
         * {@code lastActivity}: a phase that was over before the silence began keeps its validity.
         */
        boolean hit(Instant lastActivity) {
            return silence.map(s -> !lastActivity.isBefore(s.since())).orElse(true);
        }
    }

    /**
     * Puts the target's models back when writing the results failed: a file that could not be written must
     * not leave the target changed. A failure here is printed, not thrown, so the first failure is the one
     * that reaches the caller.
     */
    private void restoreAfterFailure() {
        if (preflight != null) {
            restoreAfterFailure(preflight);
        }
        otherNodes.forEach(this::restoreAfterFailure);
    }

    private void restoreAfterFailure(Preflight node) {
        try {
            node.restore();
        } catch (RuntimeException e) {
            console.println("WARNING could not restore the loaded models of " + node.target() + ": " + e.getMessage());
        }
    }

    /**
     * The harness's own health, beside the results: its JVM's peak heap use (sampled every 2 s),
     * each open-model phase's dispatch lag (how late requests left against their schedule), and its collections and
     * CPU over the measured window.
     */
    private void writeHarnessJson(Path file, Optional<HarnessInfo.Health> jvm) {
        Runtime runtime = Runtime.getRuntime();
        Map<String, HarnessInfo.DispatchLag> lags = new LinkedHashMap<>();
        for (Phase phase : phases) {
            if (phase.dispatchLag != null && phase.dispatchLag.getTotalCount() > 0) {
                lags.put(
                        phase.name,
                        new HarnessInfo.DispatchLag(
                                phase.dispatchLag.getValueAtPercentile(50) / 1e6,
                                phase.dispatchLag.getValueAtPercentile(99) / 1e6,
                                phase.dispatchLag.getMaxValue() / 1e6,
                                phase.dispatchLag.getTotalCount()));
            }
        }
        FormatFiles.writeHarness(
                new HarnessInfo(
                        HarnessInfo.VERSION,
                        Math.max(heapMaxUsed.get(), runtime.totalMemory() - runtime.freeMemory()),
                        runtime.maxMemory(),
                        lags,
                        jvm.orElse(null)),
                file);
    }

    /**
     * The gateway's limiter queue wait, when it can be attributed: the limiter is shared by every
     * model and phase, so only a run of one phase through the integration driving one model gets it in
     * metrics.json; other runs find it in gateway-metrics.prom.
     */
    private Optional<Histogram> queueWait(Optional<IntegrationReply> integration) {
        if (integration.isEmpty()
                || phases.stream().filter(Phase::throughIntegration).count() != 1
                || settings.models().size() != 1) {
            return Optional.empty();
        }
        return Optional.of(integration.get().queueWait().decode());
    }

    /**
     * Closes the integration's measurement window, when it was opened and the integration still runs; a failure is
     * a warning (the requests' own measurements stand without it).
     */
    private Optional<IntegrationReply> closeIntegrationWindow() {
        Optional<IntegrationProcess> integration = target.integration();
        if (integration.isEmpty() || !integrationWindowOpen.get()) {
            return Optional.empty();
        }
        try {
            return Optional.of(integration.get().closeWindow());
        } catch (RuntimeException e) {
            console.println("WARNING the integration's own measurements are missing: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Puts what the run measured of the integration itself on each paired phase's run (its own pairs) and, for the
     * integration's JVM as a whole (memory, cache), on the first phase through it; per-request figures divide by
     * every request the integration served.
     */
    private void attachIntegration(List<MetricsFile.ScenarioRun> runs, Optional<IntegrationReply> reply) {
        long served = 0;
        for (int i = 0; i < phases.size(); i++) {
            served += phases.get(i).throughIntegration() ? runs.get(i).requests() : 0;
        }
        boolean first = true;
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            if (!phase.throughIntegration() || !first && phase.pairs == null) {
                continue;
            }
            Optional<IntegrationReply> whole = first ? reply : Optional.empty();
            runs.set(
                    i,
                    runs.get(i)
                            .withIntegration(new IntegrationMetrics(
                                    phase.direct == null ? null : phase.direct.name,
                                    phase.pairs == null ? List.of() : phase.pairs.snapshot(),
                                    first ? served : runs.get(i).requests(),
                                    whole.map(IntegrationReply::cacheLookups).orElse(0L),
                                    whole.map(IntegrationReply::cacheHits).orElse(0L),
                                    whole.map(IntegrationReply::memory).orElse(null),
                                    // paired: a user's requests alternate between the paths by turn, so per path the
                                    // counts would carry that coin flip; together they count what the user got done
                                    phase.direct == null
                                            ? phase.recorder.users().snapshot()
                                            : UserCounts.snapshot(
                                                    phase.recorder.users(), phase.direct.recorder.users()))));
            first = false;
        }
    }

    /** One measured phase: its own recorder, protocol and request sequence. */
    public final class Phase {
        private final String name;
        private final double targetRps;
        private final LlmMetricsRecorder recorder;
        private final OllamaProtocol protocol;
        private final AtomicLong sequence = new AtomicLong();
        /** In a paired run, the phase of the direct path (on the integration's phase); else null. */
        private final Phase direct;
        /** In a paired run, where its pairs are matched (on the integration's phase); else null. */
        private final PairedLatencies pairs;
        /** The target kind it records, when not the run's ("emulator"/"ollama" for a direct phase). */
        private final String kind;

        private volatile Instant start;
        private volatile int users;
        /** A session workload's answers by turn, once {@link #turns()} was asked for; else null. */
        private volatile TurnRecorder turns;
        /** Settings of the scenario's own beside the run's ({@link #withSettings}), for metrics.json. */
        private volatile Map<String, String> ownSettings = Map.of();

        private volatile long maxLoadNanos;
        private volatile Instant lastEnd;
        private volatile Instant lastSend;
        private Histogram dispatchLag;
        /** The stream loops' probes when the phase started, and at its last answer ({@link #markEnd()}). */
        private volatile LoopLag.Counts lagAtStart;

        private volatile LoopLag.Counts lagAtEnd;

        private Phase(String name, double targetRps, boolean evenlySpaced, URI uri, Phase direct, String kind) {
            this.name = name;
            this.targetRps = targetRps;
            this.direct = direct;
            this.pairs = direct == null ? null : new PairedLatencies();
            this.kind = kind;
            // The step comes from the whole run's duration, so a soak's windows together stay near
            // TimeSeriesRecorder.MAX_POINTS points.
            this.recorder = new LlmMetricsRecorder(
                    new LlmMetricsRecorder.Objectives(
                            settings.maxTtft().toNanos(), settings.maxE2e().toNanos()),
                    new TimeSeriesRecorder(TimeSeriesRecorder.stepFor(settings.duration()), clock));
            ArrivalSchedule schedule = targetRps > 0 && evenlySpaced ? new ArrivalSchedule(targetRps) : null;
            OllamaProtocol own = OllamaProtocol.of(uri, settings.timeout(), recorder, schedule, loops, watch)
                    .withThink(settings.think())
                    .withFleet(direct == null && kind == null ? fleet() : null);
            this.protocol = direct == null ? own : own.pairedWith(direct.protocol, pairs);
        }

        /** Whether its requests go through the integration. */
        private boolean throughIntegration() {
            return target.integration().isPresent() && kind == null;
        }

        /** The measured protocol of this phase. */
        public OllamaProtocol protocol() {
            return protocol;
        }

        /**
         * The phase's protocol without its arrival schedule, for requests no schedule planned (a conversation's later
         * turns, sent when its user is done thinking): measured from their send, recorded into the phase as the
         * others.
         */
        public OllamaProtocol unscheduledProtocol() {
            return protocol.schedule() == null ? protocol : protocol.withoutSchedule();
        }

        /**
         * The next request: models in turn, the next prompt each time. The first one marks the start. In a paired
         * run, requests come in pairs with the same model and prompt, one per path ({@link Route}).
         */
        public OllamaRequest nextRequest() {
            long n = markAndCount();
            if (direct == null) {
                return numbered(settings.injector().requestNumber(n));
            }
            Route route = Route.of(n);
            if (route.direct()) {
                direct.markAndCount();
            }
            return numbered(settings.injector().requestNumber(route.pair())).withRoute(route);
        }

        /** Request {@code n} of the whole load (all injectors): its model in turn, its prompt. */
        private OllamaRequest numbered(long n) {
            return request(settings.models().get((int) (n % settings.models().size())), n);
        }

        /** Counts a request sent by the scenario itself (e.g. model comparison), marking the start. */
        public long markAndCount() {
            Instant now = clock.instant();
            if (start == null) {
                lagAtStart = loops.lag().counts();
                start = now;
                health.begin();
            }
            lastSend = now;
            return sequence.getAndIncrement();
        }

        /**
         * Notes that one of this phase's requests just ended. When a scenario calls it, the phase's
         * window ends at its last answer instead of at {@link #finish()}: phases that run one after
         * another (capacity steps) then each get their own window.
         */
        public void markEnd() {
            Instant now = clock.instant();
            Instant seen = lastEnd;
            if (seen == null || now.isAfter(seen)) {
                lastEnd = now;
                lagAtEnd = loops.lag().counts();
            }
        }

        /**
         * Drops this phase from the run before {@link #finish()}: a phase that never ran (a capacity
         * step after the sweep stopped) would otherwise be written as a scenario without requests.
         */
        public void discard() {
            phases.remove(this);
            if (direct != null) {
                direct.discard();
            }
        }

        /**
         * Where a session workload records its answers by turn of their conversations; metrics.json then has each
         * model's {@code turns}.
         */
        public synchronized TurnRecorder turns() {
            if (turns == null) {
                turns = new TurnRecorder();
            }
            return turns;
        }

        /** Adds the scenario's own settings to the run's in metrics.json's {@code settings} (e.g. a session's turns). */
        public Phase withSettings(Map<String, String> more) {
            this.ownSettings = Map.copyOf(more);
            return this;
        }

        /** Records how many virtual users the injection started (for metrics.json). */
        public Phase users(int count) {
            this.users = count;
            if (direct != null) {
                direct.users(count);
            }
            return this;
        }

        /**
         * Makes the phase INVALID when a measured answer reports a {@code load_duration} above
         * {@code threshold}: the model was (re)loaded mid-measurement, so its latencies include load
         * time (e.g. compared models that do not stay resident together).
         *
         * @param threshold above a warm model's 1-10 ms, below any real load
         */
        public Phase invalidIfModelLoadsAbove(java.time.Duration threshold) {
            this.maxLoadNanos = threshold.toNanos();
            if (direct != null) {
                direct.invalidIfModelLoadsAbove(threshold);
            }
            return this;
        }

        MetricsFile.ScenarioRun result(
                Optional<Histogram> queueWait, Optional<TargetLoss> loss, List<String> unhealthy) {
            Instant end = lastEnd != null ? lastEnd : clock.instant();
            Instant begin = start == null ? end : start;
            Map<String, LlmMetricsRecorder.ModelSnapshot> models = new LinkedHashMap<>(recorder.snapshot());
            if (models.isEmpty()) {
                // nothing was sent: the scenario still names its models (with zero counts), as the format
                // requires, so the file is readable and says INVALID ("no request was sent")
                settings.models().forEach(model -> models.put(model, LlmMetricsRecorder.ModelSnapshot.NONE));
            }
            queueWait.ifPresent(
                    wait -> models.replaceAll((model, snapshot) -> snapshot.withHistogram("queue_wait", wait)));
            Map<String, Long> objectives = new LinkedHashMap<>();
            if (!settings.maxTtft().isZero()) {
                objectives.put("ttft", settings.maxTtft().toNanos());
            }
            if (!settings.maxE2e().isZero()) {
                objectives.put("e2e", settings.maxE2e().toNanos());
            }
            List<String> reasons = validity(models);
            loopLagReason().ifPresent(reasons::add);
            if (start != null) {
                reasons.addAll(unhealthy);
            }
            Instant lastActivity = lastEnd != null && lastEnd.isAfter(lastSend) ? lastEnd : lastSend;
            if (start != null && loss.isPresent() && loss.get().hit(lastActivity)) {
                reasons.add("the target stopped answering " + loss.get().when() + "; what follows is not a measurement"
                        + " of it");
            }
            Map<String, String> all = new LinkedHashMap<>(settings.asMap());
            all.putAll(ownSettings);
            return new MetricsFile.ScenarioRun(
                    name,
                    reasons,
                    begin,
                    end,
                    targetRps > 0,
                    targetRps,
                    users,
                    kind != null ? kind : target.kind(),
                    protocol.fleet() == null
                            ? List.of(protocol.baseUri().toString())
                            : protocol.fleet().nodes().stream()
                                    .map(URI::toString)
                                    .toList(),
                    all,
                    objectives,
                    models,
                    recorder.timeSeries(),
                    null,
                    turns == null ? Map.of() : turns.snapshot(),
                    protocol.fleet() == null ? List.of() : protocol.fleet().snapshot());
        }

        /**
         * Why the phase is INVALID for the harness's own sake, if it is: its stream loops ran late (the probes between
         * its first request and its last answer; the warm-up's stalls are not its own).
         */
        private Optional<String> loopLagReason() {
            if (start == null) {
                return Optional.empty();
            }
            LoopLag.Counts lag = (lagAtEnd != null ? lagAtEnd : loops.lag().counts()).since(lagAtStart);
            if (!lag.p99Late()) {
                return Optional.empty();
            }
            return Optional.of(String.format(
                    Locale.ROOT,
                    "the harness was past its own capacity: its stream event loops ran more than %d ms late for"
                            + " %.1f%% of %d probes (at most 1%% allowed: %s), the run's latest %.1f ms late; its"
                            + " TTFT and inter-token times include that delay. Run fewer streams per load"
                            + " generator, or spread them over more load generators",
                    settings.maxLoopLag().toMillis(),
                    100.0 * lag.late() / lag.probes(),
                    lag.probes(),
                    "ollama.perf.maxLoopLag",
                    lag.maxNanos() / 1e6));
        }

        /** A run judges its own validity (docs/style.md #19): missed arrival rate, no answers at all. */
        private List<String> validity(Map<String, LlmMetricsRecorder.ModelSnapshot> models) {
            List<String> reasons = new ArrayList<>();
            long requests = models.values().stream()
                    .mapToLong(LlmMetricsRecorder.ModelSnapshot::requests)
                    .sum();
            long ok = models.values().stream()
                    .mapToLong(LlmMetricsRecorder.ModelSnapshot::ok)
                    .sum();
            if (requests == 0) {
                reasons.add("no request was sent");
            } else if (ok == 0) {
                reasons.add("no request succeeded (" + requests + " sent)");
            }
            if (maxLoadNanos > 0) {
                new java.util.TreeMap<>(recorder.largestLoadNanos()).forEach((model, nanos) -> {
                    if (nanos > maxLoadNanos) {
                        reasons.add(String.format(
                                Locale.ROOT,
                                "model %s was loaded during the measurement"
                                        + " (load_duration %.0f ms > %d ms): the models do not stay resident together"
                                        + " (OLLAMA_MAX_LOADED_MODELS, memory), so its latencies include load time;"
                                        + " compare fewer models at once",
                                model,
                                nanos / 1e6,
                                maxLoadNanos / 1_000_000));
                    }
                });
            }
            if (targetRps > 0) {
                dispatchLag = recorder.dispatchLagSnapshot();
                long dispatchLagP99Nanos = dispatchLag.getTotalCount() == 0 ? 0 : dispatchLag.getValueAtPercentile(99);
                if (dispatchLagP99Nanos > settings.maxDispatchLag().toNanos()) {
                    reasons.add(String.format(
                            Locale.ROOT,
                            "the load generator lagged: dispatch delay p99 %.1f ms > %d ms allowed (%s); latencies"
                                    + " include the generator's own delay",
                            dispatchLagP99Nanos / 1e6,
                            settings.maxDispatchLag().toMillis(),
                            "ollama.perf.maxDispatchLag"));
                }
            }
            // a paired run's arrivals alternate between the paths, so one path may have one fewer: the rate is
            // judged on both together, by the integration's phase (its sequence counts every send)
            boolean directSide = kind != null && settings.mode() == LoadMode.PAIRED;
            // a session workload's arrivals are its conversations: their first turns
            long sent = direct != null ? sequence.get() : turns != null ? turns.firstTurns() : requests;
            double rate = direct != null ? targetRps * 2 : targetRps;
            if (rate > 0 && sent > 0 && !directSide) {
                double expected = rate * settings.duration().toNanos() / 1e9;
                if (sent < 0.95 * expected) {
                    reasons.add(String.format(
                            Locale.ROOT,
                            "missed target arrival rate: %d %s, %.0f expected at %.2f/s over %s",
                            sent,
                            turns != null ? "conversations started" : "requests sent",
                            expected,
                            rate,
                            settings.duration()));
                }
            }
            return reasons;
        }
    }
}
