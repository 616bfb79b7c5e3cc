package dev.ollamaperf.client.metrics;

import java.util.Objects;

/**
 * One node of a fleet ({@code OLLAMA_ENDPOINTS}) at one moment. {@code requests} moves when a call's attempt is
 * sent to the node, {@code errors} when that attempt fails (any kind), {@code latencyNanos} when it ends well
 * (from the send to the last chunk, without the limiter's wait); {@code outstanding} and {@code up} are the state at
 * the snapshot.
 *
 * @param node         the node's base URL
 * @param up           false while the node is out after a failure, waiting for a health check to succeed
 * @param outstanding  attempts on the wire to this node now
 * @param requests     attempts sent to it
 * @param errors       attempts that failed
 * @param latencyNanos duration of the attempts that succeeded
 */
public record NodeMetrics(
        String node, boolean up, int outstanding, long requests, long errors, Distribution latencyNanos) {

    public NodeMetrics {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(latencyNanos, "latencyNanos");
    }
}
