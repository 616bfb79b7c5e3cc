package dev.ollamaperf.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher, {@code scripts/perf}, as a user runs it: it starts the perf program with the arguments and
 * passes its exit code through; it refuses to build under {@code PERF_NO_BUILD} when the program is missing
 * or older than a main source, naming why and the build; a build that fails exits 4; and an unreachable
 * endpoint stops the gate within seconds with exit 3 (the target check is a real child JVM). Every
 * command's help and usage errors: cli's {@code CommandLineTest}, in-process.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
final class PerfLauncherIT {

    private static final Duration LIMIT = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void perf_help_runsTheProgramAndExitsZero() throws Exception {
        PerfScript script = script();

        int status = script.run(LIMIT, "gate", "--help");

        assertThat(status).as(script.output()).isZero();
        assertThat(script.output()).contains("Usage: scripts/perf gate", "--bench-mode MODE");
    }

    @Test
    void perf_unknownCommand_exitsTwoNamingIt() throws Exception {
        PerfScript script = script();

        int status = script.run(LIMIT, "deploy");

        assertThat(status).isEqualTo(2);
        assertThat(script.output()).contains("perf: unknown command 'deploy'.");
    }

    @Test
    void gate_unreachableEndpoint_exitsThreeWithinSecondsNamingIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        PerfScript script = new PerfScript(dir.resolve("out.txt"), Map.of("OLLAMA_ENDPOINT", endpoint));
        long start = System.nanoTime();

        int status = script.run(LIMIT, "gate", "--run", dir.resolve("run").toString(), "--no-history");

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(status).as(script.output()).isEqualTo(3);
        assertThat(script.output()).contains("not usable at " + endpoint);
        assertThat(seconds)
                .as("before any benchmark (30 s allows for a loaded 2-core machine; the JMH suite"
                        + " alone takes 2.5 minutes)")
                .isLessThan(30);
        assertThat(dir.resolve("run/jmh")).as("no benchmark ran").doesNotExist();
    }

    @Test
    void launcher_programMissingWithPerfNoBuild_exitsTwoNamingTheBuild() throws Exception {
        Path checkout = checkoutWithTheLauncher();

        PerfScript script = new PerfScript(dir.resolve("out.txt"), Map.of(), checkout);
        int status = script.run(LIMIT, "help");

        assertThat(status).isEqualTo(2);
        assertThat(script.output())
                .isEqualTo("perf: cli/target/ollama-perf-cli.jar is missing, and PERF_NO_BUILD forbids"
                        + " building it: ./mvnw -B -q -pl cli -am package -DskipTests\n");
    }

    @Test
    void launcher_mainSourceNewerThanTheProgramWithPerfNoBuild_exitsTwoNamingTheSource() throws Exception {
        Path checkout = checkoutWithTheLauncher();
        Path jar = Files.createDirectories(checkout.resolve("cli/target")).resolve("ollama-perf-cli.jar");
        Files.writeString(jar, "");
        Files.writeString(checkout.resolve("cli/target/runtime-classpath.txt"), "");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        Path source = Files.createDirectories(checkout.resolve("load-tests/src/main/java"))
                .resolve("Changed.java");
        Files.writeString(source, "class Changed {}");

        PerfScript script = new PerfScript(dir.resolve("out.txt"), Map.of(), checkout);
        int status = script.run(LIMIT, "help");

        assertThat(status).isEqualTo(2);
        // find names the first newer entry: the new file or a folder it was added to
        assertThat(script.output())
                .containsPattern("perf: load-tests/src/main\\S* changed since"
                        + " cli/target/ollama-perf-cli.jar was built, and PERF_NO_BUILD forbids building it");
    }

    @Test
    void launcher_buildFails_exitsFourNamingTheBuild() throws Exception {
        Path checkout = checkoutWithTheLauncher();
        Path mvnw = Files.writeString(checkout.resolve("mvnw"), "#!/bin/sh\necho 'COMPILATION ERROR' >&2\nexit 1\n");
        mvnw.toFile().setExecutable(true);

        PerfScript script = new PerfScript(dir.resolve("out.txt"), Map.of("PERF_NO_BUILD", ""), checkout);
        int status = script.run(LIMIT, "help");

        assertThat(status).isEqualTo(4);
        assertThat(script.output())
                .contains(
                        "perf: building the perf program and the jars it starts"
                                + " (cli/target/ollama-perf-cli.jar is missing)...",
                        "COMPILATION ERROR",
                        "perf: the build failed (exit 1): ./mvnw -B -q -pl cli -am package -DskipTests");
    }

    /** A checkout holding nothing but the launcher (and an empty root POM older than everything). */
    private Path checkoutWithTheLauncher() throws IOException {
        Path checkout = dir.resolve("checkout");
        Files.createDirectories(checkout.resolve("scripts"));
        Files.copy(
                PerfScript.repositoryRoot().resolve("scripts/perf"),
                checkout.resolve("scripts/perf"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Path pom = Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Files.setLastModifiedTime(pom, FileTime.from(Instant.now().minusSeconds(3600)));
        return checkout;
    }

    private PerfScript script() throws IOException {
        return new PerfScript(Files.createTempFile(dir, "perf", ".out"), Map.of());
    }
}
