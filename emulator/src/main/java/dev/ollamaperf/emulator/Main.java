package dev.ollamaperf.emulator;

import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.Engines;
import dev.ollamaperf.emulator.engine.FaultPlan;
import dev.ollamaperf.emulator.engine.GoDuration;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The standalone emulator: {@code java -jar ollama-perf-emulator.jar [flags]}. Defaults come from
 * Ollama's environment variables; flags override them. Exit status 0 after a clean stop, 2 for a
 * bad flag, a bad profile file or fault spec, a refused bind or a port in use.
 */
@Command(
        name = "ollama-emulator",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "An Ollama-compatible server whose timing and scheduling follow model profiles.",
            "Defaults come from OLLAMA_HOST, OLLAMA_NUM_PARALLEL, OLLAMA_MAX_QUEUE,",
            "OLLAMA_MAX_LOADED_MODELS, OLLAMA_KEEP_ALIVE and OLLAMA_CONTEXT_LENGTH."
        })
public final class Main implements Callable<Integer> {

    /**
     * JVM options for the emulator's own process ({@code perf emulator}, the harness's capacity benchmark, a user's
     * {@code java ... -jar}): C1 and C2 compile a method after a tenth of the usual invocations. At 1,000 streams the
     * code that runs once per request (about 500 times a second, against 20,000 for the per-token code) otherwise
     * reaches C2 only 15-25 s in, and each of those compilations takes one of two cores from the token thread just as
     * streams start and end, so first tokens came late (docs/measurements/2026-12-07-emulator-scheduling-error-8.md:
     * the client's p99 error 15 s in, median of eight runs, 4.15 ms without the option and 1.05 ms with it).
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:CompileThresholdScaling=0.1");

    /** Exit status for anything the user must fix (picocli uses the same for bad flags). */
    static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    @Option(names = "--port", paramLabel = "N", description = "Port (default: from OLLAMA_HOST, else 11434).")
    Integer port;

    @Option(
            names = "--nodes",
            paramLabel = "N",
            description = "Start N nodes in this process (1-64), each with its own ephemeral port, engine and "
                    + "scheduler, for tests of a fleet (OLLAMA_ENDPOINTS); more than 1 takes no --port (default: 1).")
    int nodes = 1;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default: from OLLAMA_HOST, else 127.0.0.1). A non-loopback "
                    + "address is only accepted from this flag.")
    String bind;

    @Option(
            names = "--profiles",
            paramLabel = "FILE",
            description = "Model profile catalogue (JSON); default: " + "the built-in catalogue.")
    Path profiles;

    @Option(
            names = "--num-parallel",
            paramLabel = "N",
            description = "Slots per loaded model " + "(default: OLLAMA_NUM_PARALLEL, else 1).")
    Integer numParallel;

    @Option(
            names = "--max-queue",
            paramLabel = "N",
            description = "Scheduler queue capacity " + "(default: OLLAMA_MAX_QUEUE, else 512).")
    Integer maxQueue;

    @Option(
            names = "--max-loaded-models",
            paramLabel = "N",
            description = "Resident models, 0 = auto (3) " + "(default: OLLAMA_MAX_LOADED_MODELS, else 0).")
    Integer maxLoadedModels;

    @Option(
            names = "--keep-alive",
            paramLabel = "DURATION",
            description = "Default keep-alive, a Go duration "
                    + "or whole seconds; negative = forever (default: OLLAMA_KEEP_ALIVE, else 5m).")
    String keepAlive;

    @Option(
            names = "--context-length",
            paramLabel = "N",
            description = "Default num_ctx, 0 = auto (4096) " + "(default: OLLAMA_CONTEXT_LENGTH, else 0).")
    Integer contextLength;

    @Option(
            names = "--faults",
            paramLabel = "SPEC",
            description = "Faults to inject, e.g. "
                    + "error=0.05,stall=0.1:after=5:for=2s,drop=0.02:after=3,busy=every:10 (default: none).")
    String faults;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for jitter, output and faults (default: 42).")
    Long seed;

    @Option(
            names = "--prompt-cache",
            paramLabel = "on|off",
            description = "Slots reuse the cached prefix of their last request, as llama-server does (default: on).")
    String promptCache;

    @Option(
            names = "--max-body-bytes",
            paramLabel = "N",
            description = "Largest request body; larger gets 413 " + "(default: 8388608).")
    Integer maxBodyBytes;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Waiter waiter;

    /** How the command waits while the emulator runs; tests return at once. */
    @FunctionalInterface
    interface Waiter {
        void awaitShutdown(EmulatorFleet nodes) throws InterruptedException;
    }

    /** The real command: system environment, standard streams, runs until Ctrl-C. */
    public Main() {
        this(System.getenv(), System.out, System.err, null);
    }

    /**
     * @param waiter how to wait while serving; null means until a shutdown hook runs (Ctrl-C)
     */
    Main(Map<String, String> env, PrintStream out, PrintStream err, Waiter waiter) {
        this.env = Map.copyOf(env);
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.waiter = waiter != null ? waiter : this::untilShutdownHook;
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine(new Main()).execute(args));
    }

    /** The picocli command with our streams, for {@code main} and for tests. */
    static CommandLine commandLine(Main main) {
        return new CommandLine(main)
                .setOut(new PrintWriter(new OutputStreamWriter(main.out, StandardCharsets.UTF_8), true))
                .setErr(new PrintWriter(new OutputStreamWriter(main.err, StandardCharsets.UTF_8), true));
    }

    @Override
    public Integer call() throws InterruptedException {
        EmulatorConfig config;
        try {
            config = effectiveConfig();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("ollama-emulator: " + e.getMessage());
            return EXIT_USAGE;
        }
        config.engine().warnings().forEach(w -> err.println("ollama-emulator: WARNING " + w));
        EmulatorFleet fleet;
        try {
            fleet = EmulatorFleet.start(config, nodes);
        } catch (IOException e) {
            err.println("ollama-emulator: " + e.getMessage());
            return EXIT_USAGE;
        }
        out.println("ollama-emulator: emulating Ollama " + Engines.EMULATED_OLLAMA_VERSION + "; " + config);
        if (fleet.size() == 1) {
            out.println("ollama-emulator: listening on " + fleet.node(0).listening() + " (Ctrl-C to stop)");
        } else {
            for (int i = 0; i < fleet.size(); i++) {
                out.println("ollama-emulator: node " + (i + 1) + " of " + fleet.size() + " listening on "
                        + fleet.node(i).listening());
            }
            out.println("ollama-emulator: OLLAMA_ENDPOINTS=" + fleet.endpoints() + " (Ctrl-C to stop)");
        }
        try {
            waiter.awaitShutdown(fleet);
        } finally {
            fleet.close();
        }
        return CommandLine.ExitCode.OK;
    }

    /** The environment's settings with the flags applied; refuses a non-loopback bind from the environment. */
    EmulatorConfig effectiveConfig() {
        if (nodes < 1 || nodes > EmulatorFleet.MAX_NODES) {
            throw new IllegalArgumentException(
                    "'--nodes' must be between 1 and " + EmulatorFleet.MAX_NODES + ", got: " + nodes);
        }
        if (nodes > 1 && port != null && port != 0) {
            throw new IllegalArgumentException("'--port' " + port + " cannot serve " + nodes
                    + " nodes: with '--nodes' above 1 each node takes an ephemeral port (leave out --port)");
        }
        EmulatorConfig fromEnv = EmulatorConfig.fromEnvironment(env);
        String address = bind != null ? bind : fromEnv.bindAddress();
        checkBind(address, bind != null);
        EngineSettings.Builder engine = fromEnv.engine().toBuilder();
        if (profiles != null) {
            engine.catalogue(ModelCatalogue.load(profiles));
        }
        if (numParallel != null) {
            engine.numParallel(numParallel);
        }
        if (maxQueue != null) {
            engine.maxQueue(maxQueue);
        }
        if (maxLoadedModels != null) {
            engine.maxLoadedModels(maxLoadedModels);
        }
        if (keepAlive != null) {
            engine.defaultKeepAlive(parseKeepAlive(keepAlive));
        }
        if (contextLength != null) {
            engine.contextLength(contextLength);
        }
        if (faults != null) {
            engine.faults(FaultPlan.parse(faults));
        }
        if (seed != null) {
            engine.seed(seed);
        }
        if (promptCache != null) {
            engine.promptCache(parseOnOff("--prompt-cache", promptCache));
        }
        return new EmulatorConfig(
                address,
                port != null ? port : fromEnv.port(),
                maxBodyBytes != null ? maxBodyBytes : fromEnv.maxRequestBodyBytes(),
                engine.build());
    }

    private void checkBind(String address, boolean explicit) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'--bind' must be an address of this machine, got: " + address);
        }
        if (!loopback && !explicit) {
            throw new IllegalArgumentException("refusing to listen on " + address + " (from " + OllamaHost.VARIABLE
                    + "): the emulator binds to loopback unless --bind names another address explicitly");
        }
        if (!loopback) {
            err.println("ollama-emulator: WARNING listening on non-loopback address " + address
                    + ": anyone who can reach it can use this emulator");
        }
    }

    static boolean parseOnOff(String flag, String text) {
        return switch (text) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("'" + flag + "' must be on or off, got: " + text);
        };
    }

    /** A Go duration ("10m", "-1m") or whole seconds ("3600"), as OLLAMA_KEEP_ALIVE takes. */
    static Duration parseKeepAlive(String text) {
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException notDuration) {
            try {
                return Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException notSeconds) {
                throw new IllegalArgumentException(
                        "'--keep-alive' must be a Go duration such as 10m or whole " + "seconds, got: " + text);
            }
        }
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then stops the emulator cleanly. */
    private void untilShutdownHook(EmulatorFleet emulator) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            emulator.close();
                            out.println("ollama-emulator: stopped");
                            out.flush();
                            stopped.countDown();
                        },
                        "emulator-shutdown"));
        stopped.await();
    }

    /** {@code --version}: this build and the Ollama version it emulates. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String build = Main.class.getPackage().getImplementationVersion();
            return new String[] {
                "ollama-emulator " + (build == null ? "(development build)" : build) + ", emulating Ollama "
                        + Engines.EMULATED_OLLAMA_VERSION
            };
        }
    }
}
