package dev.ollamaperf.emulator.http;

/** Serves one route. May answer at once or later (from engine callbacks) through the exchange. */
@FunctionalInterface
interface RouteHandler {

    /**
     * @throws ApiException for a request Ollama refuses before scheduling; the router renders it
     */
    void handle(Request request, Exchange exchange);
}
