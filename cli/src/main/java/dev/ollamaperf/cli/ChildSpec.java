package dev.ollamaperf.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A process {@code perf} starts: JMH, a Gatling scenario, the target check, the emulator.
 *
 * <p>A <em>foreground</em> child shares the terminal: its output is the user's, and a Ctrl-C in the
 * terminal reaches it as it reaches {@code perf} ({@code perf load}, {@code perf bench}, {@code perf emulator}
 * behave as if {@code perf} were that program). A <em>detached</em> child writes to {@code log} (each line also
 * goes to {@code lines}) and ignores the terminal's Ctrl-C, so {@code perf} alone decides what a Ctrl-C does
 * to it ({@link Interrupts}): the gate's load steps must be able to finish after one.
 *
 * @param name what the child is, for messages ({@code jmh}, {@code steady}, {@code target-check})
 * @param command the program and its arguments, e.g. {@code java -cp ... Main args}
 * @param environment the child's whole environment
 * @param log where a detached child's output goes; {@code null} for a foreground child
 * @param lines receives each line a detached child prints, as it prints it; ignored for a foreground child
 */
public record ChildSpec(
        String name, List<String> command, Map<String, String> environment, Path log, Consumer<String> lines) {

    private static final Consumer<String> IGNORE = line -> {};

    public ChildSpec {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("child '" + name + "' must have a command, got none");
        }
        environment = Map.copyOf(environment);
        lines = lines == null ? IGNORE : lines;
    }

    /** A child on the terminal, as if {@code perf} were it. */
    public static ChildSpec foreground(String name, List<String> command, Map<String, String> environment) {
        return new ChildSpec(name, command, environment, null, null);
    }

    /** A child whose output goes to {@code log} (and each line to {@code lines}), deaf to the terminal's Ctrl-C. */
    public static ChildSpec detached(
            String name, List<String> command, Map<String, String> environment, Path log, Consumer<String> lines) {
        return new ChildSpec(name, command, environment, Objects.requireNonNull(log, "log"), lines);
    }

    /** Returns whether the child writes to a log and ignores the terminal's Ctrl-C. */
    public boolean detached() {
        return log != null;
    }
}
