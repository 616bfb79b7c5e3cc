package dev.ollamaperf.reports.read;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.results.ServerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns {@code load/server.json} into {@code server.<model>.memory.bytes} ({@code /api/ps size}),
 * {@code server.<model>.memory.vram.bytes} ({@code size_vram}) and, for models the run loaded itself,
 * {@code server.<model>.load_time} (the warm-up's {@code load_duration}, ms; the environment gets
 * {@code server.<model>.load_state} for every driven model). When several endpoints hold the same
 * model the largest footprint is reported: the budget is about what one resident copy costs.
 */
public final class ServerReader {

    /** Returns the memory metrics, sorted by model name. */
    public List<Metric> metrics(ServerInfo server) {
        Map<String, long[]> byModel = new TreeMap<>();
        for (ServerInfo.Endpoint endpoint : server.endpoints()) {
            for (ServerInfo.LoadedModel model : endpoint.models()) {
                long[] sizes = byModel.computeIfAbsent(model.name(), k -> new long[2]);
                sizes[0] = Math.max(sizes[0], model.sizeBytes());
                sizes[1] = Math.max(sizes[1], model.sizeVramBytes());
            }
        }
        List<Metric> metrics = new ArrayList<>();
        byModel.forEach((model, sizes) -> {
            metrics.add(bytes("server." + model + ".memory.bytes", sizes[0]));
            metrics.add(bytes("server." + model + ".memory.vram.bytes", sizes[1]));
        });
        Map<String, Long> loads = new TreeMap<>();
        for (ServerInfo.Endpoint endpoint : server.endpoints()) {
            for (ServerInfo.ModelLoad load : endpoint.modelLoads()) {
                if (load.loadDurationNs() != null) {
                    loads.merge(load.name(), load.loadDurationNs(), Math::max);
                }
            }
        }
        loads.forEach((model, nanos) -> metrics.add(new Metric(
                "server." + model + ".load_time",
                Unit.MILLISECONDS,
                Direction.LOWER_IS_BETTER,
                Unit.NANOSECONDS.convert(nanos, Unit.MILLISECONDS),
                null,
                1,
                Statistic.VALUE,
                null,
                "server")));
        return metrics;
    }

    /** Returns the environment entries the file adds: {@code server.<n>.url} and {@code server.<n>.ollama_version}. */
    public Map<String, String> environment(ServerInfo server) {
        Map<String, String> env = new TreeMap<>();
        for (int i = 0; i < server.endpoints().size(); i++) {
            ServerInfo.Endpoint e = server.endpoints().get(i);
            env.put("server." + i + ".url", e.url());
            env.put("server." + i + ".ollama_version", e.ollamaVersion());
            for (ServerInfo.ModelLoad load : e.modelLoads()) {
                // a load the run paid on any endpoint wins over "already loaded" elsewhere
                env.merge(
                        "server." + load.name() + ".load_state",
                        load.state(),
                        (a, b) -> a.equals(ServerInfo.ModelLoad.LOADED_BY_RUN)
                                ? a
                                : b.equals(ServerInfo.ModelLoad.LOADED_BY_RUN)
                                        ? b
                                        : a.equals(ServerInfo.ModelLoad.ALREADY_LOADED) ? a : b);
            }
        }
        return env;
    }

    private static Metric bytes(String name, long value) {
        return new Metric(name, Unit.BYTES, Direction.LOWER_IS_BETTER, value, null, 1, Statistic.VALUE, null, "server");
    }
}
