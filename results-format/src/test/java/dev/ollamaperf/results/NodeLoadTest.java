package dev.ollamaperf.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fleet scenario's per-node load: written and read back, absent in older files, merged node by node, balanced. */
final class NodeLoadTest {

    private static final String A = "http://127.0.0.1:1001";
    private static final String B = "http://127.0.0.1:1002";

    @Test
    void file_withNodes_readsBackTheSame(@TempDir Path folder) {
        LoadMetrics file = withNodes(
                LoadMetricsFixtures.file("injector-1", 200_000_000L, 6, 0), node(A, 4, 0, 150), node(B, 2, 0, 250));
        Path path = folder.resolve("metrics.json");

        FormatFiles.writeLoadMetrics(file, path);

        assertThat(FormatFiles.readLoadMetrics(path)).isEqualTo(file);
    }

    @Test
    void file_withoutNodes_readsAsNoNodesAndWritesNoField(@TempDir Path folder) throws Exception {
        Path path = folder.resolve("metrics.json");
        FormatFiles.writeLoadMetrics(LoadMetricsFixtures.file("injector-1", 200_000_000L, 6, 0), path);

        assertThat(Files.readString(path)).doesNotContain("\"nodes\"");
        assertThat(FormatFiles.readLoadMetrics(path).scenarios().get(0).nodes()).isEmpty();
    }

    @Test
    void merge_twoInjectors_addsEachNodesLoadByEndpoint() {
        LoadMetrics one = withNodes(
                LoadMetricsFixtures.file("injector-1", 200_000_000L, 6, 0), node(A, 4, 1, 150), node(B, 2, 0, 250));
        LoadMetrics two = withNodes(
                LoadMetricsFixtures.file("injector-2", 200_000_000L, 6, 0), node(A, 1, 0, 150), node(B, 5, 0, 250));

        List<NodeLoad> nodes =
                LoadMetricsMerger.merge(List.of(one, two)).scenarios().get(0).nodes();

        assertThat(nodes).extracting(NodeLoad::endpoint).containsExactly(A, B);
        assertThat(nodes).extracting(NodeLoad::requests).containsExactly(5L, 7L);
        assertThat(nodes.get(0).errors()).isEqualTo(1);
        assertThat(nodes.get(1).e2e().count()).isEqualTo(7);
        assertThat(NodeLoad.Balance.of(nodes).jain()).isCloseTo(144.0 / (2 * (25 + 49)), within(1e-9));
    }

    @Test
    void balance_evenAndAllOnOne() {
        assertThat(NodeLoad.Balance.of(List.of(node(A, 3, 0, 1), node(B, 3, 0, 1))))
                .isEqualTo(new NodeLoad.Balance(1, 1));
        assertThat(NodeLoad.Balance.of(List.of(node(A, 6, 0, 1), node(B, 0, 0, 1))))
                .isEqualTo(new NodeLoad.Balance(2, 0.5));
    }

    @Test
    void node_moreErrorsThanRequests_isRefusedNamingTheNode() {
        assertThatThrownBy(() -> node(A, 1, 2, 1)).hasMessageStartingWith("node '" + A + "' needs 0 <= errors");
    }

    private static LoadMetrics withNodes(LoadMetrics file, NodeLoad... nodes) {
        return new LoadMetrics(
                1, file.injector(), List.of(file.scenarios().get(0).withNodes(List.of(nodes))));
    }

    private static NodeLoad node(String endpoint, long requests, long errors, long e2eMillis) {
        Histogram e2e = new Histogram(3_600_000_000_000L, 3);
        Histogram ttft = new Histogram(3_600_000_000_000L, 3);
        if (requests > errors) {
            e2e.recordValueWithCount(e2eMillis * 1_000_000, requests - errors);
            ttft.recordValueWithCount(e2eMillis * 100_000, requests - errors);
        }
        return new NodeLoad(
                endpoint,
                requests,
                errors,
                10 * (requests - errors),
                HistogramData.of(ttft, "ns"),
                HistogramData.of(e2e, "ns"));
    }
}
