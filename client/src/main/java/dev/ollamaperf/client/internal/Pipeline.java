package dev.ollamaperf.client.internal;

import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.client.error.OllamaException;
import dev.ollamaperf.client.internal.fleet.Fleet;
import dev.ollamaperf.client.internal.limit.RateLimiter;
import dev.ollamaperf.client.internal.resilience.DeliveryFlag;
import dev.ollamaperf.client.internal.resilience.Fallback;
import dev.ollamaperf.client.internal.resilience.RetryPolicy;
import dev.ollamaperf.client.internal.resilience.Served;
import dev.ollamaperf.client.internal.transport.OllamaTransport;
import dev.ollamaperf.client.limit.ConcurrencyLimiter;
import dev.ollamaperf.client.metrics.ClientMetrics;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The order every model call goes through: rate limiter (once per call) → fallback chain → retry → concurrency
 * permit (held only while an attempt is on the wire, released during backoff) → a node of the fleet and its
 * per-node permit ({@link Fleet}; with one node, its transport) → the attempt; then metrics.
 *
 * <p>Latency is measured from the caller's start, so it includes rate-limit and queue waits and retries (the
 * user-visible time). Thread-safe.
 */
public final class Pipeline {

    private final OllamaClientConfig config;
    private final ConcurrencyLimiter limiter;
    private final RateLimiter rateLimiter; // null when off
    private final RetryPolicy retry;
    private final ClientMetrics metrics;
    private final LongSupplier nanoClock;
    private final Fleet fleet;

    public Pipeline(
            OllamaClientConfig config,
            ConcurrencyLimiter limiter,
            RateLimiter rateLimiter,
            RetryPolicy retry,
            ClientMetrics metrics,
            LongSupplier nanoClock,
            Fleet fleet) {
        this.config = config;
        this.limiter = limiter;
        this.rateLimiter = rateLimiter;
        this.retry = retry;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.fleet = fleet;
    }

    /**
     * A model call with fallback over the configured chain.
     *
     * @param attempt one attempt: the chosen node's transport and the model to ask it for
     * @param ttft clock-relative TTFT of a result, or -1 for non-streamed results
     * @param tps  output tokens/s of a result, or 0
     */
    public <T> Served<T> modelCall(
            String model,
            boolean fallback,
            DeliveryFlag delivery,
            BiFunction<OllamaTransport, String, T> attempt,
            ToLongFunction<T> ttft,
            ToDoubleFunction<T> tps) {
        long start = nanoClock.getAsLong();
        try {
            if (rateLimiter != null) {
                rateLimiter.acquire();
            }
            List<String> chain = fallback ? config.modelChain(model) : List.of(model);
            Served<T> served = Fallback.execute(
                    chain,
                    delivery,
                    m -> retry.execute(delivery, () -> {
                        ConcurrencyLimiter.Permit permit = limiter.acquire();
                        try {
                            // one node: straight to its transport, without the fleet's lambda (one less
                            // allocation on the hot path of every single-endpoint call)
                            return fleet.isFleet()
                                    ? fleet.call(m, t -> attempt.apply(t, m))
                                    : attempt.apply(fleet.first(), m);
                        } finally {
                            permit.close();
                        }
                    }));
            metrics.recordCall(
                    served.model(),
                    nanoClock.getAsLong() - start,
                    ttft.applyAsLong(served.value()),
                    tps.applyAsDouble(served.value()));
            return served;
        } catch (OllamaException e) {
            metrics.recordError(model, e.kind());
            throw e;
        }
    }

    /**
     * A metadata call ({@code tags}, {@code ps}, {@code show}, {@code version}): retried, but not limited, so health
     * checks still answer while every permit is busy (Ollama serves these without its scheduler).
     */
    public <T> T metadataCall(Supplier<T> attempt) {
        return retry.execute(new DeliveryFlag(), attempt);
    }

    /**
     * A metadata call on the first node (with one node, the only one), or with a fleet on the nodes as
     * {@code overFleet} asks them; retried, not limited.
     */
    public <T> T metadataCall(Function<OllamaTransport, T> onOneNode, Function<Fleet, T> overFleet) {
        return fleet.isFleet()
                ? retry.execute(new DeliveryFlag(), () -> overFleet.apply(fleet))
                : retry.execute(new DeliveryFlag(), () -> onOneNode.apply(fleet.first()));
    }
}
