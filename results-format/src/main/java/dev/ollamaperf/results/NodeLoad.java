package dev.ollamaperf.results;

import java.util.List;
import java.util.Objects;

/**
 * What one node of a fleet served in a scenario (docs/fleets.md, "Load and capacity against a fleet"): written only when the
 * scenario spread its requests over more than one node.
 *
 * @param endpoint the node's base URL, as in {@code target.endpoints}
 * @param requests requests sent to it (ended, whole or not)
 * @param errors those that did not end whole
 * @param outputTokens output tokens of its whole answers (sum of {@code eval_count})
 * @param ttft time to first token of its whole answers, in ns
 * @param e2e end-to-end latency of its whole answers, in ns
 */
public record NodeLoad(
        String endpoint, long requests, long errors, long outputTokens, HistogramData ttft, HistogramData e2e) {

    public NodeLoad {
        Checks.nonBlank(endpoint, "nodes[].endpoint");
        Objects.requireNonNull(ttft, "nodes[].ttft");
        Objects.requireNonNull(e2e, "nodes[].e2e");
        if (requests < 0 || errors < 0 || errors > requests || outputTokens < 0) {
            throw new IllegalArgumentException("node '" + endpoint + "' needs 0 <= errors <= requests and"
                    + " output_tokens >= 0, got: requests " + requests + ", errors " + errors + ", output_tokens "
                    + outputTokens);
        }
    }

    /** This node's load plus the same node's load from another injector. */
    public NodeLoad plus(NodeLoad other) {
        if (!endpoint.equals(other.endpoint)) {
            throw new IllegalArgumentException(
                    "cannot add the loads of two nodes: '" + endpoint + "' and '" + other.endpoint + "'");
        }
        return new NodeLoad(
                endpoint,
                requests + other.requests,
                errors + other.errors,
                outputTokens + other.outputTokens,
                HistogramData.add(ttft, other.ttft),
                HistogramData.add(e2e, other.e2e));
    }

    /**
     * How evenly the requests spread over the nodes.
     *
     * @param maxOverMean the busiest node's requests over the mean (1 = even; n = all on one of n nodes)
     * @param jain Jain's fairness index of the requests per node, {@code (Σx)² / (n Σx²)}: 1 = even, 1/n = all on one
     */
    public record Balance(double maxOverMean, double jain) {

        /** The balance of {@code nodes}' requests; (1, 1) when none was sent. */
        public static Balance of(List<NodeLoad> nodes) {
            double sum = 0;
            double squares = 0;
            long max = 0;
            for (NodeLoad node : nodes) {
                sum += node.requests();
                squares += (double) node.requests() * node.requests();
                max = Math.max(max, node.requests());
            }
            if (sum == 0) {
                return new Balance(1, 1);
            }
            return new Balance(max / (sum / nodes.size()), sum * sum / (nodes.size() * squares));
        }
    }
}
