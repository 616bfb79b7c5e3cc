package dev.ollamaperf.recorder;

import dev.ollamaperf.client.config.Endpoint;
import dev.ollamaperf.client.health.PreflightException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code record-profile}: measures a real Ollama's models and writes an emulator profile file
 * (emulator/README.md format), so the emulator, and the CI gate run against it, behaves like that
 * server. Exit status as scripts/perf documents it: 0 every model recorded; 2 usage or
 * configuration error (bad option, no target, remote target not allowed, an embedding model);
 * 3 target unreachable, a model it does not have, or a server error mid-recording (profiles of the
 * models recorded before it are still written); 4 internal error.
 */
@Command(
        name = "record-profile",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        version = "record-profile (ollama-perf)",
        description = {
            "Measures an Ollama server's models (load time, prompt and generation",
            "tokens/s and their spread, the batching curve at 1..N parallel requests,",
            "memory from /api/ps) and writes an emulator profile file",
            "(ollama-emulator --profiles FILE). Never pulls, deletes, copies or",
            "creates; unloads only models it loaded itself.",
            "Exit: 0 done, 2 usage, 3 target unreachable / unknown model / server",
            "error (earlier models are still written), 4 internal error.",
            ""
        })
public final class RecorderMain implements Callable<Integer> {

    /** Every model recorded. */
    public static final int EXIT_OK = 0;
    /** A bad option or setting; nothing was measured. */
    public static final int EXIT_USAGE = 2;
    /** The target is unreachable, lacks a model, or failed while recording. */
    public static final int EXIT_TARGET = 3;
    /** A bug in the recorder. */
    public static final int EXIT_INTERNAL = 4;

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            description =
                    "The Ollama to measure (default: " + "OLLAMA_ENDPOINT, else OLLAMA_HOST; one of them is required).")
    String endpoint;

    @Option(
            names = "--models",
            paramLabel = "MODEL",
            split = ",",
            required = true,
            description = "Models to record, comma-separated (they must be present on the server).")
    List<String> models;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Profile file to write.")
    Path out;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "Batching curve up to N parallel requests " + "(default: ${DEFAULT-VALUE}).")
    int parallel = RecorderSettings.DEFAULT_PARALLEL;

    @Option(
            names = "--samples",
            paramLabel = "N",
            description = "Requests per prompt length, and generation requests; half as many prompt-cache rounds, at"
                    + " least 2 (default: ${DEFAULT-VALUE}).")
    int samples = RecorderSettings.DEFAULT_SAMPLES;

    @Option(
            names = "--prompt-tokens",
            paramLabel = "TOKENS",
            split = ",",
            description = "Prompt lengths for the prefill fit, 2 or more; the prompt-cache probe repeats the longest"
                    + " with the shortest's worth of new tokens (default: 32,256,1024).")
    List<Integer> promptTokens = RecorderSettings.DEFAULT_PROMPT_TOKENS;

    @Option(
            names = "--load-samples",
            paramLabel = "N",
            description = "Cold loads per model that is not loaded " + "at the start (default: ${DEFAULT-VALUE}).")
    int loadSamples = RecorderSettings.DEFAULT_LOAD_SAMPLES;

    @Option(
            names = "--batch-tokens",
            paramLabel = "N",
            description = "Output tokens per batching-curve request " + "(default: ${DEFAULT-VALUE}).")
    int batchTokens = RecorderSettings.DEFAULT_BATCH_TOKENS;

    @Option(
            names = "--batch-rounds",
            paramLabel = "N",
            description = "Rounds per batching level " + "(default: ${DEFAULT-VALUE}).")
    int batchRounds = RecorderSettings.DEFAULT_BATCH_ROUNDS;

    @Option(
            names = "--max-output-tokens",
            paramLabel = "N",
            description = "Cap on generation requests; answers "
                    + "reaching it are left out of the output length (default: ${DEFAULT-VALUE}).")
    int maxOutputTokens = RecorderSettings.DEFAULT_MAX_OUTPUT_TOKENS;

    @Option(names = "--allow-remote", description = "Allow a non-loopback endpoint.")
    boolean allowRemote;

    private final Map<String, String> env;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Clock clock;

    /** The real command: system environment, standard streams, system clock. */
    public RecorderMain() {
        this(System.getenv(), System.out, System.err, Clock.systemUTC());
    }

    RecorderMain(Map<String, String> env, PrintStream stdout, PrintStream stderr, Clock clock) {
        this.env = Map.copyOf(env);
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.stderr = Objects.requireNonNull(stderr, "stderr");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(new RecorderMain(), args));
    }

    /** Runs {@code command} with {@code args} and returns the exit status (for main and tests). */
    static int run(RecorderMain command, String... args) {
        return new CommandLine(command)
                .setOut(new PrintWriter(new OutputStreamWriter(command.stdout, StandardCharsets.UTF_8), true))
                .setErr(new PrintWriter(new OutputStreamWriter(command.stderr, StandardCharsets.UTF_8), true))
                .execute(args);
    }

    @Override
    public Integer call() {
        RecorderSettings settings;
        try {
            settings = new RecorderSettings(
                    target(),
                    models,
                    out,
                    parallel,
                    samples,
                    promptTokens,
                    loadSamples,
                    batchTokens,
                    batchRounds,
                    maxOutputTokens);
            prepareOut();
        } catch (IllegalArgumentException e) {
            stderr.println("record-profile: " + e.getMessage());
            return EXIT_USAGE;
        }
        try {
            ProfileRecorder.Result result = new ProfileRecorder(settings, stdout, clock).run();
            if (result.failure() != null) {
                stderr.println("record-profile: " + result.failure().getMessage());
                stderr.println("record-profile: "
                        + (result.profiles().isEmpty()
                                ? "nothing was recorded; no file" + " written"
                                : result.profiles().size() + " profile(s) recorded before it are in " + out));
                return EXIT_TARGET;
            }
            stdout.println("record-profile: done; load it with: ollama-emulator --profiles " + out);
            return EXIT_OK;
        } catch (PreflightException e) {
            stderr.println("record-profile: " + e.getMessage());
            return EXIT_TARGET;
        } catch (ProfileRecorder.NotRecordable e) {
            stderr.println("record-profile: " + e.getMessage());
            return EXIT_USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println("record-profile: interrupted");
            return EXIT_INTERNAL;
        } catch (RuntimeException e) {
            stderr.println("record-profile: internal error: " + e);
            e.printStackTrace(stderr);
            return EXIT_INTERNAL;
        }
    }

    /** --endpoint, else OLLAMA_ENDPOINT, else OLLAMA_HOST; loopback unless --allow-remote. */
    private URI target() {
        String setting = endpoint != null
                ? "--endpoint"
                : env.containsKey("OLLAMA_ENDPOINT") ? "OLLAMA_ENDPOINT" : "OLLAMA_HOST";
        String value = endpoint != null ? endpoint : env.get(setting);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "no Ollama to measure: pass --endpoint URL or set OLLAMA_ENDPOINT" + " or OLLAMA_HOST");
        }
        Endpoint parsed = Endpoint.parse(setting, value);
        if (!parsed.isLoopback() && !allowRemote) {
            throw new IllegalArgumentException("'" + setting + "' points at a non-loopback host (" + parsed
                    + "); record-profile measures it only when you also pass --allow-remote");
        }
        return URI.create(parsed.baseUrl());
    }

    /** Fails before any measuring when the output file cannot be written. */
    private void prepareOut() {
        Path parent = out.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("'--out' folder " + parent + " cannot be created: " + e.getMessage());
        }
        if (!Files.isWritable(parent) || Files.isDirectory(out)) {
            throw new IllegalArgumentException("'--out' must be a writable file, got: " + out);
        }
    }
}
