package dev.ollamaperf.client.internal.fleet;

import dev.ollamaperf.client.config.FleetSettings;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.client.error.ErrorKind;
import dev.ollamaperf.client.error.LimiterTimeoutException;
import dev.ollamaperf.client.error.OllamaException;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.transport.OllamaTransport;
import dev.ollamaperf.client.limit.Sleeper;
import dev.ollamaperf.client.metrics.NodeMetrics;
import dev.ollamaperf.client.transport.ForwardRequest;
import dev.ollamaperf.client.transport.StreamingResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The Ollama nodes a client talks to ({@code OLLAMA_ENDPOINTS}), and the choice of one for each attempt: a node
 * that is up, has a free per-node permit ({@code OLLAMA_MAX_CONCURRENT}) and, for a model call, preferably has the
 * model loaded already ({@link ModelLocator}); among equals the one with the fewest outstanding calls, ties broken
 * round-robin. A call that fails in a way that says the node is unwell takes the node out ({@link NodeFailures},
 * {@link HealthProber}); one whose connection failed is moved to another node at once. With one node none of this
 * applies: every call goes straight to its transport, as before fleets existed.
 *
 * <p>Implementation notes: selection and release of a node's permit happen under one lock ({@code lock}), so two
 * callers never both see a node's last free permit; a caller with no free node waits on that lock, for at most the
 * limiter's wait. The lock is never held across I/O: first answers of {@code /api/ps} are fetched before it is
 * taken, later ones in the background. When every node is out, calls still go to the nodes (least outstanding
 * first) rather than failing unsent: a fleet that blinked as a whole is used again at once, and the nodes come back
 * into the preferred set only through their health checks. Thread-safe.
 */
public final class Fleet implements AutoCloseable {

    private final List<Node> nodes;
    private final int perNodeLimit;
    private final long limiterWaitNanos;
    private final LongSupplier nanoClock;
    private final ModelLocator locator;
    private final HealthProber prober;
    private final ExecutorService refresher;
    private final Object lock = new Object();
    private int cursor; // guarded by lock

    /**
     * The nodes of {@code config} ({@code config.endpoints()}), one transport each.
     *
     * @param nanoClock the clock of backoffs, {@code /api/ps} ages and per-node latencies
     * @param sleeper   how the background health checks wait between passes
     */
    public static Fleet create(
            OllamaClientConfig config, OllamaCodecs codecs, LongSupplier nanoClock, Sleeper sleeper) {
        List<OllamaTransport> transports = new ArrayList<>();
        if (config.endpoints().size() == 1) {
            transports.add(new OllamaTransport(config, codecs));
        } else {
            config.endpoints().forEach(e -> transports.add(new OllamaTransport(e, config, codecs)));
        }
        return new Fleet(
                transports, config.fleet(), config.maxConcurrent(), config.limiterWait(), codecs, nanoClock, sleeper);
    }

    Fleet(
            List<OllamaTransport> transports,
            FleetSettings settings,
            int perNodeLimit,
            Duration limiterWait,
            OllamaCodecs codecs,
            LongSupplier nanoClock,
            Sleeper sleeper) {
        List<Node> list = new ArrayList<>();
        for (int i = 0; i < transports.size(); i++) {
            list.add(new Node(i, transports.get(i), transports.size() > 1));
        }
        this.nodes = List.copyOf(list);
        this.perNodeLimit = perNodeLimit;
        this.limiterWaitNanos = limiterWait.toNanos();
        this.nanoClock = nanoClock;
        boolean fleet = nodes.size() > 1;
        this.refresher = fleet ? Executors.newSingleThreadExecutor(Fleet::daemon) : null;
        this.locator = fleet ? new ModelLocator(codecs, settings.modelsTtl().toNanos(), nanoClock, refresher) : null;
        this.prober = fleet ? new HealthProber(nodes, settings, nanoClock, sleeper, n -> answers(n, codecs)) : null;
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "ollama-fleet-ps");
        t.setDaemon(true);
        return t;
    }

    /** The health check: {@code GET /api/version} answered with Ollama's JSON within the quick timeout. */
    private static boolean answers(Node node, OllamaCodecs codecs) {
        try {
            node.quick.get("/api/version", codecs.version());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True with more than one node. */
    public boolean isFleet() {
        return nodes.size() > 1;
    }

    /** Every node's transport, in configuration order (the health check asks them in turn). */
    public List<OllamaTransport> transports() {
        return nodes.stream().map(n -> n.transport).toList();
    }

    /** The first node's transport (with one node, the only one): single-node calls use it. */
    public OllamaTransport first() {
        return nodes.get(0).transport;
    }

    /**
     * Runs one attempt of a model call on a chosen node (see the class comment), moving it to another node when the
     * connection to the chosen one failed.
     *
     * @param model the model the attempt runs, for the loaded-model preference
     */
    public <T> T call(String model, Function<OllamaTransport, T> attempt) {
        if (nodes.size() == 1) {
            return attempt.apply(nodes.get(0).transport);
        }
        locator.prepare(nodes);
        Set<Node> tried = new HashSet<>();
        while (true) {
            Node node = acquire(model, tried);
            long start = nanoClock.getAsLong();
            try {
                T result = attempt.apply(node.transport);
                node.recordSuccess(nanoClock.getAsLong() - start);
                return result;
            } catch (OllamaException e) {
                if (!failedOver(node, e, tried)) {
                    throw e;
                }
            } catch (RuntimeException e) {
                node.recordError();
                throw e;
            } finally {
                release(node);
            }
        }
    }

    /**
     * Sends a passthrough request to the node with the fewest outstanding calls (no model preference: the body is
     * not read); the node's permit is held until the response is closed.
     */
    public StreamingResponse forward(ForwardRequest request) {
        if (nodes.size() == 1) {
            return nodes.get(0).transport.forward(request);
        }
        Set<Node> tried = new HashSet<>();
        while (true) {
            Node node = acquire(null, tried);
            long start = nanoClock.getAsLong();
            try {
                return new NodeResponse(node.transport.forward(request), () -> {
                    node.recordSuccess(nanoClock.getAsLong() - start);
                    release(node);
                });
            } catch (OllamaException e) {
                release(node);
                if (!failedOver(node, e, tried)) {
                    throw e;
                }
            } catch (RuntimeException e) {
                node.recordError();
                release(node);
                throw e;
            }
        }
    }

    /**
     * Records a failed attempt on {@code node}, takes the node out when the failure says it is unwell, and says
     * whether to try another node now: only when the connection failed (nothing was answered) and a node is left.
     */
    private boolean failedOver(Node node, OllamaException e, Set<Node> tried) {
        node.recordError();
        takeOutIfUnwell(node, e);
        tried.add(node);
        return e.kind() == ErrorKind.CONNECTION_FAILED && tried.size() < nodes.size();
    }

    /** Takes {@code node} out when {@code e} says it is unwell, starting the health checks at the first time. */
    private void takeOutIfUnwell(Node node, OllamaException e) {
        if (NodeFailures.takesOut(e) && prober.markFailed(node)) {
            prober.start();
        }
    }

    /**
     * Calls {@code request} on every node that is up (every node, when none is), in order, and returns the answers;
     * a node that fails is left out (and taken out when the failure says it is unwell).
     *
     * @throws OllamaException the last failure, when no node answered
     */
    public <T> List<T> fromEachNode(Function<OllamaTransport, T> request) {
        List<T> answers = new ArrayList<>();
        OllamaException last = null;
        for (Node node : upOrAll()) {
            try {
                answers.add(request.apply(node.transport));
            } catch (OllamaException e) {
                last = e;
                takeOutIfUnwell(node, e);
            }
        }
        if (answers.isEmpty() && last != null) {
            throw last;
        }
        return answers;
    }

    /**
     * The first answer to {@code request} from the nodes that are up (every node, when none is), in order; a node
     * that fails in any way (a model it does not hold included) is passed over.
     *
     * @throws OllamaException the last failure, when no node answered
     */
    public <T> T fromFirstNode(Function<OllamaTransport, T> request) {
        OllamaException last = null;
        for (Node node : upOrAll()) {
            try {
                return request.apply(node.transport);
            } catch (OllamaException e) {
                last = e;
                takeOutIfUnwell(node, e);
            }
        }
        throw last;
    }

    private List<Node> upOrAll() {
        List<Node> up = nodes.stream().filter(n -> n.health.up()).toList();
        return up.isEmpty() ? nodes : up;
    }

    /** Waits for a node with a free permit and takes the permit. */
    private Node acquire(String model, Set<Node> tried) {
        long start = nanoClock.getAsLong();
        synchronized (lock) {
            while (true) {
                Node best = choose(model, tried);
                if (best != null) {
                    best.outstanding++;
                    best.recordSent();
                    return best;
                }
                long left = limiterWaitNanos - (nanoClock.getAsLong() - start);
                if (left <= 0) {
                    throw new LimiterTimeoutException(perNodeLimit, Duration.ofNanos(nanoClock.getAsLong() - start), 0);
                }
                try {
                    // woken by every release; the bound keeps an injected clock that does not move from hanging
                    lock.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.util.concurrent.CancellationException(
                            "interrupted while waiting for a node's concurrency permit");
                }
            }
        }
    }

    /** The node to use now, or null when none has a free permit. Called under {@code lock}. */
    private Node choose(String model, Set<Node> tried) {
        boolean anyUp = nodes.stream().anyMatch(n -> n.health.up() && !tried.contains(n));
        Node best = null;
        boolean bestLoaded = false;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get((cursor + i) % nodes.size());
            if (tried.contains(node) || (anyUp && !node.health.up()) || node.outstanding >= perNodeLimit) {
                continue;
            }
            boolean loaded = model != null && locator.hasLoaded(node, model);
            if (best == null
                    || (loaded && !bestLoaded)
                    || (loaded == bestLoaded && node.outstanding < best.outstanding)) {
                best = node;
                bestLoaded = loaded;
            }
        }
        if (best != null) {
            cursor = (best.index + 1) % nodes.size();
        }
        return best;
    }

    private void release(Node node) {
        synchronized (lock) {
            node.outstanding--;
            lock.notifyAll();
        }
    }

    /** Runs the health checks that are due now, on this thread; returns how many nodes came back. */
    public int probeDue() {
        return prober == null ? 0 : prober.probeDue();
    }

    /** Every node's metrics by base URL, in configuration order; empty with one node (nothing to tell apart). */
    public Map<String, NodeMetrics> snapshot() {
        Map<String, NodeMetrics> out = new LinkedHashMap<>();
        if (nodes.size() == 1) {
            return out;
        }
        for (Node node : nodes) {
            int outstanding;
            synchronized (lock) {
                outstanding = node.outstanding;
            }
            out.put(node.endpoint.baseUrl(), node.snapshot(outstanding));
        }
        return out;
    }

    /** Stops the background work and releases every node's connections. */
    @Override
    public void close() {
        if (prober != null) {
            prober.close();
            refresher.shutdownNow();
        }
        nodes.forEach(n -> n.transport.close());
    }
}
