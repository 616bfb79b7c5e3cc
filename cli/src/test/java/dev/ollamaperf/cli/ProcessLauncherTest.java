package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real child processes (small shell commands and a small JVM): a detached child ignores SIGINT, so a
 * terminal's Ctrl-C reaches only perf, which decides (a JVM too: it installs no handler for a signal ignored
 * at its start); its output reaches the log and the listener line by line before {@code waitFor} returns;
 * {@code stop} ends it with what it started; a foreground child keeps the default SIGINT.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class ProcessLauncherTest {

    /**
     * Starts a foreground child with SIGINT's default action even when this JVM was started with it ignored (a
     * background job of a non-interactive shell, e.g. a CI step), which a child would inherit.
     */
    private static final List<String> DEFAULT_SIGINT = List.of("/usr/bin/env", "--default-signal=INT");

    private final ProcessLauncher launcher = new ProcessLauncher();

    @TempDir
    Path dir;

    @Test
    void start_detached_childIgnoresSigintAndItsOutputGoesToLogAndListener() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Path log = dir.resolve("logs/child.log");

        Child child = launcher.start(ChildSpec.detached(
                "child",
                List.of("sh", "-c", "kill -INT $$; echo survived; echo" + " second >&2"),
                Map.of("PATH", System.getenv("PATH")),
                log,
                lines::add));

        assertThat(child.waitFor()).isZero();
        assertThat(lines).containsExactly("survived", "second");
        assertThat(log).hasContent("survived\nsecond");
    }

    @Test
    void start_detachedJvm_ignoresSigintSoOnlyPerfDecides() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();

        Child child =
                launcher.start(ChildSpec.detached("jvm", javaCommand(), Map.of(), dir.resolve("jvm.log"), lines::add));

        assertThat(child.waitFor()).as("%s", lines).isZero();
        assertThat(lines).contains("survived");
    }

    @Test
    void start_foregroundJvm_endsOnSigint() throws Exception {
        List<String> command = new ArrayList<>(DEFAULT_SIGINT);
        command.addAll(javaCommand());
        Child child = launcher.start(ChildSpec.foreground("jvm", command, Map.of()));

        assertThat(child.waitFor()).isEqualTo(130);
    }

    @Test
    void start_foreground_childDiesOfSigintAsATerminalsChildWould() throws Exception {
        List<String> command = new ArrayList<>(DEFAULT_SIGINT);
        command.addAll(List.of("sh", "-c", "kill -INT $$; sleep 5"));
        Child child = launcher.start(ChildSpec.foreground("child", command, Map.of("PATH", System.getenv("PATH"))));

        assertThat(child.waitFor()).isEqualTo(130);
    }

    @Test
    void stop_detachedChildWithAChildOfItsOwn_endsBoth() throws Exception {
        Path pid = dir.resolve("pid");
        Child child = launcher.start(ChildSpec.detached(
                "child",
                List.of("sh", "-c", "sleep 60 & echo $! > " + pid + "; wait"),
                Map.of("PATH", System.getenv("PATH")),
                dir.resolve("child.log"),
                null));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(pid) && !Files.readString(pid).isBlank()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        ProcessHandle sleeper =
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).orElseThrow();

        child.stop();

        // Not its exit status: the sleeper is stopped first, and when sh sees it end before its own signal arrives,
        // its wait returns 0 and sh exits 0 (seen on a loaded machine). That both end is the point.
        child.waitFor();
        assertThat(sleeper.onExit()).succeedsWithin(java.time.Duration.ofSeconds(5));
    }

    /** This JVM's java running {@link SigintSelf} from the test classes. */
    private static List<String> javaCommand() throws Exception {
        Path classes = Path.of(SigintSelf.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classes.toString(),
                SigintSelf.class.getName());
    }

    @Test
    void start_environment_isExactlyTheSpecs() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Child child = launcher.start(ChildSpec.detached(
                "env", List.of("/usr/bin/env"), Map.of("ONLY", "this"), dir.resolve("env.log"), lines::add));

        child.waitFor();

        assertThat(lines).contains("ONLY=this").noneMatch(line -> line.startsWith("PATH=") || line.startsWith("HOME="));
    }
}
