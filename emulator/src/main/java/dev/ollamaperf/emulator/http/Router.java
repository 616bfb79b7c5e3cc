package dev.ollamaperf.emulator.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps method and path to an endpoint, and renders refused requests: Ollama's
 * {@code {"error":"..."}} on native routes, OpenAI's error object on {@code /v1} routes,
 * {@code 404 page not found} for unknown paths and 405 for a known path with the wrong method.
 */
final class Router {

    /** One path's handler. */
    private record Route(Set<HttpMethod> methods, RouteHandler endpoint, boolean openAiErrors) {}

    private static final String BLOBS = "/api/blobs/";
    private static final Set<HttpMethod> GET_HEAD = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final Set<HttpMethod> GET = Set.of(HttpMethod.GET);
    private static final Set<HttpMethod> POST = Set.of(HttpMethod.POST);

    private final Map<String, Route> routes = new HashMap<>();
    private final Route blobs;

    Router(
            NativeEndpoints natives,
            EmbedEndpoints embeds,
            OpenAiEndpoints openAi,
            ModelEndpoints models,
            AdminEndpoints admin) {
        add("/", GET_HEAD, models::root, false);
        add("/api/version", GET_HEAD, models::version, false);
        add("/api/tags", GET_HEAD, models::tags, false);
        add("/api/ps", GET, models::ps, false);
        add("/api/show", POST, models::show, false);
        add("/api/generate", POST, natives::generate, false);
        add("/api/chat", POST, natives::chat, false);
        add("/api/embed", POST, embeds::embed, false);
        add("/api/embeddings", POST, embeds::embeddings, false);
        add("/v1/chat/completions", POST, openAi::chatCompletions, true);
        add("/v1/models", GET, models::openAiModels, true);
        for (String path : new String[] {"/api/pull", "/api/push", "/api/create", "/api/copy"}) {
            add(path, POST, admin::destructive, false);
        }
        add("/api/delete", Set.of(HttpMethod.DELETE), admin::destructive, false);
        blobs = new Route(Set.of(HttpMethod.HEAD, HttpMethod.POST), admin::destructive, false);
        add("/_emulator/stats", GET, admin::stats, false);
        add("/_emulator/reset-peaks", POST, admin::resetPeaks, false);
    }

    private void add(String path, Set<HttpMethod> methods, RouteHandler endpoint, boolean openAiErrors) {
        routes.put(path, new Route(methods, endpoint, openAiErrors));
    }

    /** Serves one request; never throws. */
    void route(FullHttpRequest http, Exchange exchange) {
        String path = new QueryStringDecoder(http.uri()).path();
        Route route = path.startsWith(BLOBS) && path.length() > BLOBS.length() ? blobs : routes.get(path);
        if (route == null) {
            plain(exchange, HttpResponseStatus.NOT_FOUND, "404 page not found");
            return;
        }
        if (!route.methods().contains(http.method())) {
            plain(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, "405 method not allowed");
            return;
        }
        Request request = new Request(http.method(), path, ByteBufUtil.getBytes(http.content()));
        try {
            route.endpoint().handle(request, exchange);
        } catch (ApiException e) {
            fail(exchange, route, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            fail(exchange, route, 500, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void fail(Exchange exchange, Route route, int status, String message) {
        Objects.requireNonNull(message, "message");
        exchange.respond(
                HttpResponseStatus.valueOf(status),
                ModelEndpoints.JSON,
                route.openAiErrors() ? OpenAiFormat.error(status, message) : JsonSupport.error(message));
    }

    private static void plain(Exchange exchange, HttpResponseStatus status, String text) {
        exchange.respond(status, "text/plain", text.getBytes(StandardCharsets.UTF_8));
    }
}
