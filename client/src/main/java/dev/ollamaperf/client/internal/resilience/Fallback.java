package dev.ollamaperf.client.internal.resilience;

import dev.ollamaperf.client.error.OllamaException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Tries an ordered chain of models: a model that is missing, failing (5xx), busy (503 after retries), timing out or
 * unreachable hands over to the next one; a bad request (400) does not (the next model would reject it too), nor
 * do client-side refusals (limiter, rate limit), nor a stream that already delivered output. Stateless.
 */
public final class Fallback {

    private Fallback() {}

    /** True when {@code e} should move the call to the next model. */
    public static boolean movesToNext(OllamaException e) {
        switch (e.kind()) {
            case MODEL_NOT_FOUND:
            case SERVER_ERROR:
            case SERVER_BUSY:
            case TIMEOUT:
            case CONNECTION_FAILED:
                return true;
            default:
                return false;
        }
    }

    /**
     * Calls {@code call} with each model of {@code chain} in turn until one succeeds.
     *
     * @param chain    at least one model
     * @param delivery shared with the attempts; once output was delivered no further model is tried
     * @return the result with the model that served it
     * @throws OllamaException the last failure (earlier ones suppressed) when no model served
     */
    public static <T> Served<T> execute(List<String> chain, DeliveryFlag delivery, Function<String, T> call) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("fallback chain must name at least one model, got: []");
        }
        List<OllamaException> failures = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            String model = chain.get(i);
            try {
                return new Served<>(call.apply(model), model, failures);
            } catch (OllamaException e) {
                failures.forEach(e::addSuppressed);
                failures.add(e);
                if (!movesToNext(e) || delivery.delivered() || i == chain.size() - 1) {
                    throw e;
                }
            }
        }
        throw new AssertionError("unreachable");
    }
}
