package dev.ollamaperf.load.bench;

import dev.ollamaperf.emulator.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server {@link HarnessCapacityBenchmark} streams from, in its own process: {@link CannedStreamServer}, whose
 * lines carry their send times, or the project's emulator (its jar) with one flat model, whose lines do not.
 */
abstract class ServerProcess implements AutoCloseable {

    final Process process;
    final URI target;

    private ServerProcess(Process process, URI target) {
        this.process = process;
        this.target = target;
    }

    /** Zero when each line carries its send time; else the interval the server schedules its tokens at. */
    abstract long scheduleNanos();

    /** Starts a new lateness window. */
    abstract void resetLateness() throws IOException, InterruptedException;

    /** The server's lateness p99 since {@link #resetLateness()}, in ms, as text. */
    abstract String latenessP99() throws IOException, InterruptedException;

    /** A short description for the run's first line. */
    abstract String describe();

    @Override
    public void close() {
        process.destroy();
    }

    /** {@link CannedStreamServer}, from the class path of this JVM. */
    static ServerProcess canned(String java, Path classes, int intervalMs) throws IOException {
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-cp",
                        classes.toString(),
                        CannedStreamServer.class.getName(),
                        Integer.toString(intervalMs),
                        Integer.toString(HarnessCapacityBenchmark.TOKENS))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (first == null || !first.startsWith("port ")) {
            process.destroy();
            throw new IllegalStateException("the canned server did not start: " + first);
        }
        PrintStream in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        URI target = URI.create("http://127.0.0.1:" + first.substring(5).trim());
        return new ServerProcess(process, target) {
            @Override
            long scheduleNanos() {
                return 0;
            }

            @Override
            void resetLateness() throws IOException {
                in.println("stats");
                out.readLine(); // the lateness so far: discarded
            }

            @Override
            String latenessP99() throws IOException {
                in.println("stats");
                String stats = out.readLine();
                return stats == null ? "?" : stats.replaceAll(".*p99 ([0-9.]+) .*", "$1");
            }

            @Override
            String describe() {
                return "canned server, one line every " + intervalMs + " ms stamped with its send time";
            }
        };
    }

    /**
     * The emulator's jar with one flat model, {@code bench:latest}: a token every {@code intervalMs} whatever the
     * concurrency (no jitter, no serial fraction, no load time), and a slot for each of {@code slots} streams.
     */
    static ServerProcess emulator(String java, Path jar, int intervalMs, int slots) throws IOException {
        Path profiles = Files.createTempFile("harness-capacity-profile", ".json");
        profiles.toFile().deleteOnExit();
        Files.writeString(
                profiles,
                String.format(
                        Locale.ROOT,
                        "{\"profiles\":[{\"name\":\"bench:latest\",\"family\":\"llama\",\"parameterSize\":\"1B\","
                                + "\"quantizationLevel\":\"Q4_K_M\",\"sizeBytes\":1000000,\"trainedContextLength\":4096,"
                                + "\"kvBytesPerToken\":1,\"loadTime\":\"0s\",\"promptTokensPerSecond\":100000.0,"
                                + "\"promptOverhead\":\"0ms\",\"generationTokensPerSecond\":%s,\"jitter\":0.0,"
                                + "\"serialFraction\":0.0,\"outputTokensMean\":%d,\"outputTokensStdDev\":0,"
                                + "\"capabilities\":[\"completion\"],\"source\":\"harness-capacity: a flat model\"}]}",
                        1000.0 / intervalMs,
                        HarnessCapacityBenchmark.TOKENS));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
        command.addAll(Main.JVM_OPTIONS); // as perf emulator runs it
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--port",
                "0",
                "--profiles",
                profiles.toString(),
                "--num-parallel",
                Integer.toString(slots),
                "--keep-alive",
                "-1"));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on (http://\\S+)");
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher matcher = listening.matcher(line);
            if (matcher.find()) {
                return emulator(process, URI.create(matcher.group(1)), intervalMs);
            }
        }
        throw new IllegalStateException("the emulator did not start (" + jar + ")");
    }

    private static ServerProcess emulator(Process process, URI target, int intervalMs) {
        HttpClient http = HttpClient.newHttpClient();
        return new ServerProcess(process, target) {
            @Override
            long scheduleNanos() {
                return intervalMs * 1_000_000L;
            }

            @Override
            void resetLateness() throws IOException, InterruptedException {
                http.send(
                        HttpRequest.newBuilder(target.resolve("/_emulator/reset-peaks"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }

            @Override
            String latenessP99() throws IOException, InterruptedException {
                String stats = http.send(
                                HttpRequest.newBuilder(target.resolve("/_emulator/stats"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                Matcher p99 = Pattern.compile("\"schedulingLateness\":\\{[^}]*\"p99Nanos\":(\\d+)")
                        .matcher(stats);
                return p99.find() ? String.format(Locale.ROOT, "%.3f", Long.parseLong(p99.group(1)) / 1e6) : "?";
            }

            @Override
            String describe() {
                return "the emulator, one flat model, a token every " + intervalMs + " ms (no send times)";
            }
        };
    }
}
