package dev.ollamaperf.recorder;

import dev.ollamaperf.client.api.ModelInfo;
import dev.ollamaperf.client.api.ModelNames;
import dev.ollamaperf.client.api.RunningModel;
import dev.ollamaperf.client.api.ShowResponse;
import dev.ollamaperf.client.health.Preflight;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records every model of a run and writes the profile file after each one, so what was recorded
 * survives a later failure. Safety (docs/architecture.md, "Safety against a production Ollama"):
 * the preflight refuses unknown models (it never pulls) and notes what was loaded; a model that was
 * loaded is measured as it is, with the context it was loaded with, and is never unloaded; at the
 * end the loaded set is put back (models the run loaded are unloaded, models it evicted are
 * reloaded).
 */
final class ProfileRecorder {

    private final RecorderSettings settings;
    private final PrintStream out;
    private final Clock clock;

    ProfileRecorder(RecorderSettings settings, PrintStream out, Clock clock) {
        this.settings = settings;
        this.out = out;
        this.clock = clock;
    }

    /**
     * What a run produced.
     *
     * @param profiles the profiles written, in the order recorded
     * @param failure  why the run stopped early, null when every model was recorded
     */
    record Result(List<ModelProfile> profiles, RecordingFailure failure) {
        Result {
            profiles = List.copyOf(profiles);
        }
    }

    /**
     * Runs the recording.
     *
     * @throws dev.ollamaperf.client.health.PreflightException when the target is unreachable or lacks a model
     * @throws NotRecordable when a model cannot be recorded (an embedding model)
     */
    Result run() throws InterruptedException {
        List<String> models =
                settings.models().stream().map(ModelNames::normalize).toList();
        out.println("record-profile: " + settings);
        try (Preflight preflight = Preflight.check(settings.target(), models, out);
                Probe probe = new Probe(settings.target(), settings.parallel())) {
            ExecutorService pool = Executors.newFixedThreadPool(settings.parallel(), r -> {
                Thread t = new Thread(r, "record-profile-request");
                t.setDaemon(true);
                return t;
            });
            // Ctrl-C: the JVM runs its hooks; the loaded set is put back then too (once).
            AtomicBoolean restored = new AtomicBoolean();
            Thread hook = new Thread(() -> restoreOnce(preflight, restored), "record-profile-restore");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return record(probe, models, pool);
            } finally {
                pool.shutdownNow();
                restoreOnce(preflight, restored);
                removeHook(hook);
            }
        }
    }

    private Result record(Probe probe, List<String> models, ExecutorService pool) throws InterruptedException {
        String version = probe.version();
        Map<String, ModelInfo> present = new LinkedHashMap<>();
        probe.present().forEach(m -> present.put(ModelNames.normalize(m.name()), m));
        Map<String, ShowResponse> shows = new LinkedHashMap<>();
        for (String model : models) {
            ShowResponse show = probe.show(model);
            if (show.capabilities() != null && show.capabilities().contains("embedding")) {
                throw new NotRecordable("model '" + model + "' is an embedding model; record-profile"
                        + " measures models that generate text (capabilities: " + show.capabilities() + ")");
            }
            shows.put(model, show);
        }
        Map<String, RunningModel> loadedAtStart = new LinkedHashMap<>();
        probe.running().forEach(m -> loadedAtStart.put(ModelNames.normalize(m.name()), m));
        ProfileAssembler assembler = new ProfileAssembler(settings, version, clock.instant());
        ModelRecorder recorder = new ModelRecorder(probe, settings, new Prompts(clock.millis()), out, pool);
        List<ModelProfile> done = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String model : models) {
            ModelInfo info = present.get(model);
            out.println(
                    "record-profile: " + model + ": recording (" + (done.size() + 1) + " of " + models.size() + ")");
            try {
                ModelMeasurement measured = recorder.record(info, shows.get(model), loadedAtStart.get(model));
                ProfileAssembler.Assembled a = assemble(assembler, model, measured);
                done.add(a.profile());
                notes.add(model + ": "
                        + (a.servedAtOnce() > 0
                                ? "run the emulator with --num-parallel " + a.servedAtOnce()
                                : "no queueing seen up to " + measured.curve().maxLevel() + " in parallel"));
                write(done, notes, null);
                summary(a.profile());
            } catch (RecordingFailure e) {
                if (!done.isEmpty()) {
                    write(done, notes, e);
                }
                return new Result(done, e);
            }
        }
        return new Result(done, null);
    }

    /** A server that sent no usable figures for a model failed the recording, like a server error would. */
    private static ProfileAssembler.Assembled assemble(
            ProfileAssembler assembler, String model, ModelMeasurement measured) {
        try {
            return assembler.assemble(measured);
        } catch (IllegalStateException e) {
            throw new RecordingFailure(model, "the profile from its figures", e);
        }
    }

    /** A model the recorder cannot measure (it names the model and why); nothing was measured. */
    static final class NotRecordable extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NotRecordable(String message) {
            super(message);
        }
    }

    /** Writes every profile recorded so far, with a comment that says how the file was made. */
    private void write(List<ModelProfile> profiles, List<String> notes, RecordingFailure failure) {
        List<String> comment = new ArrayList<>();
        comment.add("Emulator profiles recorded by ollama-perf record-profile at " + clock.instant() + " from "
                + settings.target() + "; settings: " + settings + ".");
        comment.add("Each profile's 'source' says which parameters were measured (with spread and sample count)"
                + " and which are defaults. Load it with: ollama-emulator --profiles "
                + settings.out().getFileName()
                + " (and the --num-parallel below).");
        notes.forEach(comment::add);
        if (failure != null) {
            comment.add("INCOMPLETE: " + failure.getMessage() + "; the models after it were not recorded.");
        }
        ModelCatalogue.write(settings.out(), profiles, comment);
        out.println("record-profile: wrote " + profiles.size() + " profile(s) to " + settings.out());
    }

    private void summary(ModelProfile p) {
        out.printf(
                Locale.ROOT,
                "record-profile: %s: load %s, prompt %.1f tokens/s + %s, generation %.2f tokens/s,"
                        + " jitter %.3f, serialFraction %.3f, output %d +- %d tokens, kvBytesPerToken %d%n",
                p.name(),
                ModelRecorder.seconds(p.loadTime().toNanos()),
                p.promptTokensPerSecond(),
                ModelRecorder.seconds(p.promptOverhead().toNanos()),
                p.generationTokensPerSecond(),
                p.jitter(),
                p.serialFraction(),
                p.outputTokensMean(),
                p.outputTokensStdDev(),
                p.kvBytesPerToken());
    }

    /** Puts the loaded set back once; a failure is reported, not thrown (the profiles are already written). */
    private void restoreOnce(Preflight preflight, AtomicBoolean restored) {
        if (!restored.compareAndSet(false, true)) {
            return;
        }
        try {
            preflight.restore();
        } catch (RuntimeException e) {
            out.println("record-profile: WARNING could not restore the loaded models: " + e.getMessage());
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook has run or will find the set restored
        }
    }
}
