package dev.ollamaperf.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts children as operating-system processes.
 *
 * <p>Implementation notes. A terminal sends Ctrl-C (SIGINT) to every process of its foreground process
 * group, and a child started here is in {@code perf}'s group. A detached child must not die of it (a load
 * step finishes after the first Ctrl-C), so it is started through {@code /bin/sh -c 'trap "" INT; exec
 * "$@"'}: a signal ignored at {@code exec} stays ignored, and a JVM that finds SIGINT ignored at start-up
 * leaves it so (it installs no handler of its own), and so do the JVMs it starts (JMH's forks). Such a
 * child is stopped with SIGTERM instead ({@link Child#stop()}), to which a JVM answers by running its
 * shutdown hooks. A foreground child keeps the default: the terminal's Ctrl-C reaches it directly.
 *
 * <p>A detached child's output (stdout and stderr together) is read by one daemon thread per child, which
 * appends each line to the log, flushes it (the log is what a user tails, and what the tests read while
 * the child runs) and hands it to the spec's listener. {@link Child#waitFor()} returns only after that
 * thread saw the end of the output, so a step that reads the log after its child ended reads all of it;
 * it waits at most {@value #DRAIN_SECONDS} s for that, since a grandchild that outlives its parent may
 * hold the pipe open.
 */
public final class ProcessLauncher implements ChildLauncher {

    /** How long {@link Child#waitFor()} waits for the output after the process ended. */
    static final int DRAIN_SECONDS = 10;

    @Override
    public Child start(ChildSpec spec) throws IOException {
        List<String> command = new ArrayList<>();
        if (spec.detached()) {
            command.addAll(List.of("/bin/sh", "-c", "trap '' INT; exec \"$@\"", "sh"));
        }
        command.addAll(spec.command());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        if (!spec.detached()) {
            return new ProcessChild(builder.inheritIO().start(), null);
        }
        Files.createDirectories(spec.log().toAbsolutePath().getParent());
        BufferedWriter log = Files.newBufferedWriter(spec.log(), StandardCharsets.UTF_8);
        Process process;
        try {
            process = builder.redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            log.close();
            throw e;
        }
        process.getOutputStream().close();
        Thread pump = new Thread(() -> pump(process, log, spec), "perf-" + spec.name() + "-output");
        pump.setDaemon(true);
        pump.start();
        return new ProcessChild(process, pump);
    }

    private static void pump(Process process, BufferedWriter log, ChildSpec spec) {
        try (log;
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.write(line);
                log.newLine();
                log.flush();
                spec.lines().accept(line);
            }
        } catch (IOException e) {
            // A stopped process's pipe is closed under the reader by the JDK: that is its end, not a failure.
            if (process.isAlive()) {
                throw new UncheckedIOException("cannot copy the output of " + spec.name() + " to " + spec.log(), e);
            }
        }
    }

    /** A running process and, when detached, the thread copying its output. */
    private record ProcessChild(Process process, Thread pump) implements Child {

        @Override
        public int waitFor() throws InterruptedException {
            int status = process.waitFor();
            if (pump != null) {
                pump.join(TimeUnit.SECONDS.toMillis(DRAIN_SECONDS));
            }
            return status;
        }

        @Override
        public void stop() {
            // Children first: JMH's forked benchmark JVM must not outlive the runner.
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }
}
