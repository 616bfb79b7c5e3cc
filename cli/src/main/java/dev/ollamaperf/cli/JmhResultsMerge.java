package dev.ollamaperf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Adds the results of the benchmarks the gate ran with more forks ({@link JmhStep}) to the suite's
 * {@code jmh/results.json}: JMH's JSON is an array of benchmark results, so the merged file is the suite's results
 * without the forked benchmarks (should the suite have run them anyway) followed by the forked ones.
 */
final class JmhResultsMerge {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhResultsMerge() {}

    /** Writes {@code suite} with {@code forked}'s results in place of its own for the same benchmark and params. */
    static void into(Path suite, Path forked) throws IOException {
        JsonNode extra = JSON.readTree(forked.toFile());
        Set<String> replaced = new HashSet<>();
        extra.forEach(result -> replaced.add(key(result)));
        ArrayNode merged = JSON.createArrayNode();
        if (Files.isRegularFile(suite)) {
            JSON.readTree(suite.toFile()).forEach(result -> {
                if (!replaced.contains(key(result))) {
                    merged.add(result);
                }
            });
        }
        extra.forEach(merged::add);
        Files.createDirectories(suite.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(suite.toFile(), merged);
    }

    private static String key(JsonNode result) {
        return result.path("benchmark").asText() + " " + result.path("mode").asText() + " " + result.path("params");
    }
}
