package dev.ollamaperf.mutations;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The gateway's {@code main} in a JVM of its own, as the gate starts it, with the agent jar attached (or not), in
 * front of {@code ollama}. The class path is this JVM's without the agent's own unshaded classes and ByteBuddy, so
 * the child runs the shaded jar exactly as a user would attach it.
 */
final class GatewayJvm implements AutoCloseable {

    /** Set by surefire (mutations/pom.xml): the shaded agent jar built in this module's package phase. */
    static final Path AGENT_JAR =
            Path.of(System.getProperty("ollama.perf.mutations.jar", "target/ollama-perf-mutations.jar"));

    private final Process process;
    private final Path stderr;
    private final URI baseUri;

    private GatewayJvm(Process process, Path stderr, URI baseUri) {
        this.process = process;
        this.stderr = stderr;
        this.baseUri = baseUri;
    }

    /** Starts it and waits until it listens; fails with its standard error if it does not. */
    static GatewayJvm start(URI ollama, Path dir, List<String> jvmOptions) throws IOException {
        Path stderr = Files.createTempFile(dir, "gateway", ".err");
        Process process = builder(ollama, dir, jvmOptions, stderr).start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("listening on ")) {
                URI uri = URI.create(line.substring("listening on ".length()).trim());
                drain(out);
                return new GatewayJvm(process, stderr, uri);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the gateway did not start: " + Files.readString(stderr));
    }

    /** Runs it to its end (a JVM that must refuse to start) and returns its exit status and standard error. */
    static Ended run(URI ollama, Path dir, List<String> jvmOptions) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile(dir, "gateway", ".err");
        Process process = builder(ollama, dir, jvmOptions, stderr).start();
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("still running after 30 s: " + Files.readString(stderr));
        }
        return new Ended(process.exitValue(), Files.readString(stderr));
    }

    /** An ended JVM: its exit status and standard error. */
    record Ended(int status, String stderr) {}

    /** The agent option for {@code mutations}, e.g. {@code chunk-delay:20ms,nagle}. */
    static String agent(String mutations) {
        return "-javaagent:" + AGENT_JAR.toAbsolutePath() + "=" + mutations;
    }

    private static ProcessBuilder builder(URI ollama, Path dir, List<String> jvmOptions, Path stderr) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(), "dev.ollamaperf.gateway.GatewayMain", "--port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        // the application's settings are the gateway's defaults, whatever the environment of the build
        builder.environment().keySet().removeIf(name -> name.startsWith("OLLAMA_"));
        builder.environment().put("OLLAMA_ENDPOINT", ollama.toString());
        builder.environment()
                .put(
                        "OLLAMA_CACHE_PATH",
                        dir.resolve("responses-" + System.nanoTime() + ".db").toString());
        return builder;
    }

    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("byte-buddy"))
                .filter(entry -> !Path.of(entry).endsWith(Path.of("mutations", "target", "classes")))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Keeps reading its standard output, so a full pipe never blocks it. */
    private static void drain(BufferedReader out) {
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // its start-up lines only
                }
            } catch (IOException ignored) {
                // it ended
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    URI baseUri() {
        return baseUri;
    }

    boolean alive() {
        return process.isAlive();
    }

    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
