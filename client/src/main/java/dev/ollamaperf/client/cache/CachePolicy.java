package dev.ollamaperf.client.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which requests the response cache may answer, and for how long an answer stays valid.
 *
 * <p>A request is <em>deterministic</em> when its answer does not depend on chance: its temperature is
 * 0 ({@code options.temperature} natively, top-level {@code temperature} for {@code /v1}), or it fixes
 * a seed (a seed of 0 or more; Ollama treats -1 as "random"). Embeddings are always deterministic.
 * A request without a temperature is <em>not</em> deterministic: Ollama's default is 0.8 (1.0 for
 * {@code /v1}) unless the Modelfile says otherwise, which the client cannot see.
 *
 * <p>Whatever the mode, requests that only load or unload a model (an empty or missing
 * {@code prompt}, an empty {@code messages} array, an empty embed {@code input}) are never
 * cacheable: their answer is about the server's state, not a completion.
 *
 * @param mode which requests are cacheable
 * @param ttl  how long a stored answer may be served, from when it was stored; more than zero
 */
public record CachePolicy(Mode mode, Duration ttl) {

    /** Which requests are cacheable. */
    public enum Mode {
        /** Every completion request, sampled or not (answers to sampled requests are then frozen). */
        ALWAYS,
        /** Only deterministic requests (the default). */
        DETERMINISTIC_ONLY,
        /** Nothing is cached. */
        NEVER
    }

    /** Validates the mode and that the TTL is positive. */
    public CachePolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("cache policy 'ttl' must be more than zero, got: " + ttl);
        }
    }

    /** Whether an answer to {@code request} sent to {@code endpoint} may be stored and served. */
    public boolean isCacheable(EndpointKind endpoint, JsonNode request) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (mode == Mode.NEVER || request == null || !request.isObject()) {
            return false;
        }
        return isCacheable(!isLoadOrUnload(endpoint, request), isDeterministic(endpoint, request));
    }

    /**
     * The rule of {@link #isCacheable(EndpointKind, JsonNode)} from the two facts it reads, for a caller
     * that holds a typed request and so needs no JSON to decide.
     *
     * @param hasInput      whether the request carries input (a prompt, messages, embed input), so is
     *                      not a load or unload
     * @param deterministic {@link #isDeterministic(Double, Integer)} of its sampling settings
     */
    public boolean isCacheable(boolean hasInput, boolean deterministic) {
        return mode != Mode.NEVER && hasInput && (mode == Mode.ALWAYS || deterministic);
    }

    /**
     * Whether sampling settings make the answer deterministic: a temperature of 0, or a seed of 0 or
     * more. Either may be null (not sent).
     */
    public static boolean isDeterministic(Double temperature, Integer seed) {
        return (temperature != null && temperature == 0.0) || (seed != null && seed >= 0);
    }

    /** Whether {@code request}'s answer does not depend on sampling (see the class comment). */
    public static boolean isDeterministic(EndpointKind endpoint, JsonNode request) {
        if (endpoint == EndpointKind.EMBED) {
            return true;
        }
        JsonNode sampling = endpoint == EndpointKind.V1_CHAT ? request : request.path("options");
        JsonNode temperature = sampling.path("temperature");
        JsonNode seed = sampling.path("seed");
        boolean zeroTemperature = temperature.isNumber() && temperature.doubleValue() == 0.0;
        boolean fixedSeed = seed.isIntegralNumber() && seed.longValue() >= 0;
        return zeroTemperature || fixedSeed;
    }

    private static boolean isLoadOrUnload(EndpointKind endpoint, JsonNode request) {
        switch (endpoint) {
            case GENERATE:
                return request.path("prompt").asText("").isEmpty();
            case CHAT:
            case V1_CHAT:
                return request.path("messages").isEmpty();
            case EMBED:
                JsonNode input = request.path("input");
                return input.isArray() ? input.isEmpty() : input.asText("").isEmpty();
            default:
                return false;
        }
    }

    /** Whether an answer stored at {@code createdAt} may still be served at {@code now}. */
    public boolean isFresh(Instant createdAt, Instant now) {
        return now.isBefore(createdAt.plus(ttl));
    }
}
