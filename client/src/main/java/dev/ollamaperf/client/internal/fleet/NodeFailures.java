package dev.ollamaperf.client.internal.fleet;

import dev.ollamaperf.client.error.OllamaException;
import java.util.Locale;

/**
 * Which failures say a node is unwell, and so take it out of a fleet until a health check succeeds: the connection
 * could not be made or broke before an answer, a timeout, or a 5xx other than 503 whose message does not name a
 * model. Not: 503 (the node's queue is full: load, which the least-outstanding choice already steers away from),
 * a 5xx about a model (a model that cannot load there says nothing about the node's other models), 4xx, a stream
 * cut short after its first chunk, or the client's own limits.
 */
final class NodeFailures {

    private NodeFailures() {}

    static boolean takesOut(OllamaException e) {
        return switch (e.kind()) {
            case CONNECTION_FAILED, TIMEOUT -> true;
            case SERVER_ERROR ->
                !String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("model");
            default -> false;
        };
    }
}
