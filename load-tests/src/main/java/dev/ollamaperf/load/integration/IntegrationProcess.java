package dev.ollamaperf.load.integration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The integration under test (the gateway) started as a JVM of its own, so its memory and CPU are its own and not
 * the load generator's: {@code java <jvm options> -cp <this JVM's class path> IntegrationMain --port 0}, with the
 * given environment (the application's settings: {@code OLLAMA_MAX_CONCURRENT}, {@code OLLAMA_CACHE_*}, ...).
 * Its own output goes to a log file; the measurement window is driven over its standard input.
 */
public final class IntegrationProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final BufferedReader replies;
    private final Writer commands;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ollama-perf-integration-replies");
        thread.setDaemon(true);
        return thread;
    });
    private final URI baseUri;

    private IntegrationProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String ready = reply(START_TIMEOUT, "start");
        if (!ready.startsWith("ready ")) {
            throw failure("did not start: " + ready);
        }
        this.baseUri = URI.create(ready.substring("ready ".length()).trim());
    }

    /**
     * Starts the integration in front of {@code ollama}.
     *
     * @param env its environment; {@code OLLAMA_HOST} and {@code OLLAMA_ENDPOINT} are set to {@code ollama}, and
     *            {@code OLLAMA_ENDPOINTS} (a fleet) is removed
     * @param jvmOptions options for its JVM, e.g. {@code -Xmx256m}
     * @param log where its own output goes
     * @throws UncheckedIOException when it cannot start, with the end of its log
     */
    public static IntegrationProcess start(URI ollama, Map<String, String> env, List<String> jvmOptions, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(
                List.of("-cp", System.getProperty("java.class.path"), IntegrationMain.class.getName(), "--port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("OLLAMA_ENDPOINT", ollama.toString());
        builder.environment().put("OLLAMA_HOST", ollama.toString());
        // OLLAMA_ENDPOINTS would win over both (docs/fleets.md): the integration must drive the run's one target,
        // the same one the direct half of a paired run drives
        builder.environment().remove("OLLAMA_ENDPOINTS");
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            return new IntegrationProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the integration's JVM (" + command.get(0) + "): " + e, e);
        }
    }

    /** Where it serves. */
    public URI baseUri() {
        return baseUri;
    }

    /** Its process id (for a person who wants to look at it with the JDK's tools). */
    public long pid() {
        return process.pid();
    }

    /** Opens its measurement window (a full collection first: call it before the measured requests). */
    public void openWindow() {
        String reply = command("open");
        if (!reply.equals("opened")) {
            throw failure("did not open its measurement window: " + reply);
        }
    }

    /** Closes the window and returns what it measured. */
    public IntegrationReply closeWindow() {
        String reply = command("close");
        if (!reply.startsWith("closed ")) {
            throw failure("did not close its measurement window: " + reply);
        }
        return IntegrationReply.fromJson(reply.substring("closed ".length()));
    }

    /** Whether it still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Stops it: end of input first (it closes the gateway), then a kill if it lingers. */
    @Override
    public void close() {
        try {
            commands.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            reader.shutdownNow();
        }
    }

    private synchronized String command(String line) {
        try {
            commands.write(line + "\n");
            commands.flush();
        } catch (IOException e) {
            throw failure("does not take commands (" + e.getMessage() + ")");
        }
        return reply(COMMAND_TIMEOUT, line);
    }

    private String reply(Duration timeout, String awaited) {
        Future<String> next = reader.submit(replies::readLine);
        try {
            String line = next.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw failure("ended while the harness waited for its answer to '" + awaited + "'");
            }
            return line;
        } catch (TimeoutException e) {
            next.cancel(true);
            throw failure("did not answer '" + awaited + "' within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw failure("cannot be read (" + e.getCause() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for its answer to '" + awaited + "'");
        }
    }

    private IllegalStateException failure(String what) {
        if (!process.isAlive()) {
            reader.shutdownNow();
        }
        return new IllegalStateException("the integration's JVM (pid " + process.pid() + ") " + what + "; its log "
                + log + " ends with:\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
