package dev.ollamaperf.cli;

import dev.ollamaperf.results.FormatException;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.TrafficRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code perf load replay}'s options as the replay scenario's properties ({@code ollama.perf.replay.*}). The trace (a
 * gateway traffic log, or an Azure LLM inference trace CSV) is
 * read here, before the environment step, the target check or Gatling run, so a malformed line is a usage error
 * (exit 2) naming the line, and nothing is half-run; its models (mapped) become the ones the target check asks for,
 * unless {@code --model} names them.
 */
final class ReplayFlags {

    private ReplayFlags() {}

    /**
     * @param trace     the traffic log; required
     * @param speed     the speed-up, or null for the scenario's default
     * @param limit     the limit (e.g. {@code 10m}), or null for none
     * @param modelMap  {@code RECORDED=REPLAYED} pairs (each may hold several, comma-separated)
     * @param withModels whether to add the trace's models as {@code ollama.perf.models}
     * @throws UsageException naming the option, or the trace's file and line
     */
    static List<String> of(Path trace, String speed, String limit, List<String> modelMap, boolean withModels) {
        if (trace == null) {
            throw new UsageException("perf load replay: --trace FILE is required (a traffic log written by the gateway"
                    + " with OLLAMA_TRAFFIC_LOG=FILE, gateway/README.md)");
        }
        Path file = Context.absolute(trace);
        if (!Files.isRegularFile(file)) {
            throw new UsageException("perf load replay: --trace must name a traffic log file, got: " + file);
        }
        List<TrafficRecord> lines;
        try {
            lines = FormatFiles.readTrace(file);
        } catch (FormatException e) {
            throw new UsageException("perf load replay: --trace " + e.getMessage());
        }
        Map<String, String> map = modelMap(modelMap);
        List<String> flags = new ArrayList<>();
        flags.add("-D" + LoadFlags.PREFIX + "replay.trace=" + file);
        if (speed != null) {
            flags.add("-D" + LoadFlags.PREFIX + "replay.speed=" + speed(speed));
        }
        if (limit != null) {
            if (!limit.matches("\\d+(ms|s|m|h)|PT[0-9HMS.]+")) {
                throw new UsageException(
                        "perf load replay: --limit must be a duration such as 90s, 10m or 1h, got: '" + limit + "'");
            }
            flags.add("-D" + LoadFlags.PREFIX + "replay.limit=" + limit);
        }
        if (!map.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            map.forEach((from, to) -> pairs.add(from + "=" + to));
            flags.add("-D" + LoadFlags.PREFIX + "replay.modelMap=" + String.join(",", pairs));
        }
        Set<String> models = new LinkedHashSet<>();
        lines.stream()
                .filter(l -> !l.endpoint().equals("/api/embed"))
                .forEach(l -> models.add(map.getOrDefault(l.model(), l.model())));
        if (models.isEmpty()) {
            throw new UsageException("perf load replay: the trace " + file + " has no chat, generate or"
                    + " /v1/chat/completions line to replay (" + lines.size() + " lines)");
        }
        models.remove(""); // an Azure trace names no model: its rows ask --model, else the default model
        if (withModels && !models.isEmpty()) {
            flags.add("-D" + LoadFlags.PREFIX + "models=" + String.join(",", models));
        }
        return flags;
    }

    private static String speed(String speed) {
        try {
            double value = Double.parseDouble(speed);
            if (value >= 0.01 && value <= 1000) {
                return speed;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new UsageException(
                "perf load replay: --speed must be a number between 0.01 and 1000, got: '" + speed + "'");
    }

    private static Map<String, String> modelMap(List<String> options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String option : options) {
            for (String pair : option.split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1 || pair.indexOf('=', eq + 1) >= 0) {
                    throw new UsageException(
                            "perf load replay: --model-map must be RECORDED=REPLAYED, got: '" + pair + "'");
                }
                map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return map;
    }
}
