package dev.ollamaperf.results;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The root of {@code <run>/environment.json}: what produced the run, so two runs can be told apart.
 *
 * @param version format version, 1
 * @param runId the run's id (the run folder's name), non-blank
 * @param startedAt when the run started, ISO-8601 UTC
 * @param jvm e.g. {@code version}, {@code vendor}, {@code vm}, {@code args}
 * @param cpu e.g. {@code model}, {@code cores}
 * @param os e.g. {@code name}, {@code version}, {@code arch}
 * @param git {@code commit}, {@code branch}, {@code dirty}
 * @param target {@code kind} (emulator, ollama, gateway), {@code endpoints} (comma-separated)
 * @param settings every setting that influenced the run (OLLAMA_* variables, users, rates, durations...)
 */
public record EnvironmentInfo(
        int version,
        String runId,
        String startedAt,
        Map<String, String> jvm,
        Map<String, String> cpu,
        Map<String, String> os,
        Map<String, String> git,
        Map<String, String> target,
        Map<String, String> settings) {

    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    public EnvironmentInfo {
        Checks.version(version, "environment.json");
        Checks.nonBlank(runId, "run_id");
        Checks.instant(startedAt, "started_at");
        jvm = sorted(jvm, "jvm");
        cpu = sorted(cpu, "cpu");
        os = sorted(os, "os");
        git = sorted(git, "git");
        target = sorted(target, "target");
        settings = sorted(settings, "settings");
    }

    /** Returns every entry as one flat map: {@code jvm.version}, {@code git.commit}, {@code settings.users}... */
    public Map<String, String> flatten() {
        Map<String, String> flat = new TreeMap<>();
        put(flat, "jvm", jvm);
        put(flat, "cpu", cpu);
        put(flat, "os", os);
        put(flat, "git", git);
        put(flat, "target", target);
        put(flat, "settings", settings);
        return Collections.unmodifiableMap(flat);
    }

    private static void put(Map<String, String> flat, String prefix, Map<String, String> section) {
        section.forEach((k, v) -> flat.put(prefix + "." + k, v));
    }

    private static Map<String, String> sorted(Map<String, String> map, String field) {
        return Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(map, field)));
    }
}
