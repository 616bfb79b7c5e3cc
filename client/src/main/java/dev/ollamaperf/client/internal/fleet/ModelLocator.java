package dev.ollamaperf.client.internal.fleet;

import dev.ollamaperf.client.api.ModelNames;
import dev.ollamaperf.client.api.PsResponse;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

/**
 * Which models each node has loaded, from its {@code GET /api/ps} (read-only: nothing is ever loaded or unloaded
 * for this), cached for a TTL.
 *
 * <p>Implementation notes: the first answer of a node is fetched on the calling thread ({@link #prepare}, before
 * the fleet's lock is taken), so the very first call already knows where its model is; after that a stale answer is
 * still used while a fresh one is fetched in the background ({@code refresher}), at most one fetch per node at a
 * time. A node that does not answer counts as having nothing loaded until the next fetch. Nodes that are out are not
 * asked.
 */
final class ModelLocator {

    private final OllamaCodecs codecs;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Executor refresher;

    ModelLocator(OllamaCodecs codecs, long ttlNanos, LongSupplier nanoClock, Executor refresher) {
        this.codecs = codecs;
        this.ttlNanos = ttlNanos;
        this.nanoClock = nanoClock;
        this.refresher = refresher;
    }

    /** Fetches the first answer of every node that is up and has none yet (on this thread). */
    void prepare(List<Node> nodes) {
        for (Node node : nodes) {
            if (!node.loaded.fetched() && node.health.up() && node.refreshing.compareAndSet(false, true)) {
                fetch(node);
            }
        }
    }

    /**
     * Whether {@code node} had {@code model} loaded when last asked; a stale answer starts a background fetch. Never
     * blocks.
     */
    boolean hasLoaded(Node node, String model) {
        Node.Loaded loaded = node.loaded;
        if (loaded.fetched()
                && nanoClock.getAsLong() - loaded.fetchedNanos() >= ttlNanos
                && node.health.up()
                && node.refreshing.compareAndSet(false, true)) {
            try {
                refresher.execute(() -> fetch(node));
            } catch (RejectedExecutionException closing) {
                node.refreshing.set(false);
            }
        }
        return loaded.models().contains(ModelNames.normalize(model));
    }

    /** Asks {@code node} now; the caller has set its {@code refreshing} flag, which this clears. */
    void fetch(Node node) {
        Set<String> models = new HashSet<>();
        try {
            PsResponse ps = node.quick.get("/api/ps", codecs.ps());
            ps.names().forEach(n -> models.add(ModelNames.normalize(n)));
        } catch (RuntimeException unreachable) {
            // counts as nothing loaded until the next fetch; failures take a node out only through calls and probes
        } finally {
            node.loaded = new Node.Loaded(models, nanoClock.getAsLong(), true);
            node.refreshing.set(false);
        }
    }
}
