package dev.ollamaperf.reports.cli;

import dev.ollamaperf.results.EnvironmentInfo;
import dev.ollamaperf.results.FormatFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code environment RUN_DIR}: writes {@code <run>/environment.json} (format in reports/README.md)
 * describing this machine, this checkout and the target, so a run folder says what produced it:
 * JVM, CPU, OS, git commit, target, and every {@code OLLAMA_*} variable plus the given settings.
 */
@Command(
        name = "environment",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        description = "Writes RUN_DIR/environment.json: JVM, CPU, OS, git commit, target and settings of this run.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "2:usage error", "4:internal error"})
final class EnvironmentCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run folder (created if missing)")
    Path run;

    @Option(names = "--target-kind", defaultValue = "emulator", description = "emulator, ollama or gateway")
    String targetKind;

    @Option(names = "--endpoint", defaultValue = "embedded", description = "the target's base URL")
    String endpoint;

    @Option(names = "--setting", paramLabel = "NAME=VALUE", description = "a setting of this run (repeatable)")
    Map<String, String> settings = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(run);
        // Milliseconds, not seconds: the run id names the run in the history, where a second run of the same
        // commit started in the same second (a fast gate, parallel CI jobs) would otherwise replace the first.
        Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.MILLIS);
        // The checkout under test: the run folder's, else (a run folder outside it) the working directory's.
        Map<String, String> git = git(run);
        if (git.isEmpty()) {
            git = git(Path.of(System.getProperty("user.dir")));
        }
        String runId = now.toString().replace(':', '-') + "-" + git.getOrDefault("commit", "nogit");
        Map<String, String> all = new TreeMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("OLLAMA_")) {
                all.put(name, value);
            }
        });
        all.putAll(settings);
        EnvironmentInfo info = new EnvironmentInfo(
                1,
                runId,
                now.toString(),
                Map.of(
                        "vendor",
                        System.getProperty("java.vendor"),
                        "version",
                        System.getProperty("java.version"),
                        "vm",
                        System.getProperty("java.vm.name")),
                Map.of("cores", Integer.toString(Runtime.getRuntime().availableProcessors()), "model", cpuModel()),
                Map.of(
                        "arch",
                        System.getProperty("os.arch"),
                        "name",
                        System.getProperty("os.name"),
                        "version",
                        System.getProperty("os.version")),
                git,
                Map.of("kind", targetKind, "endpoints", endpoint),
                all);
        Path file = run.resolve("environment.json");
        FormatFiles.writeEnvironment(info, file);
        spec.commandLine().getOut().println("environment: " + file);
        return 0;
    }

    /** The CPU model from /proc/cpuinfo, or "unknown" where there is none. */
    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return "unknown";
    }

    /** Commit, branch and dirtiness of the checkout the run folder is in; empty outside git. */
    private static Map<String, String> git(Path folder) {
        Map<String, String> git = new LinkedHashMap<>();
        String commit = run(folder, "git", "rev-parse", "--short=12", "HEAD");
        if (commit == null) {
            return git;
        }
        git.put("commit", commit);
        String branch = run(folder, "git", "rev-parse", "--abbrev-ref", "HEAD");
        git.put("branch", branch == null ? "unknown" : branch);
        String status = run(folder, "git", "status", "--porcelain", "--untracked-files=no");
        git.put("dirty", Boolean.toString(status != null && !status.isEmpty()));
        return git;
    }

    private static String run(Path folder, String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(folder.toFile())
                    .redirectErrorStream(true)
                    .start();
            byte[] out;
            try (InputStream in = process.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
