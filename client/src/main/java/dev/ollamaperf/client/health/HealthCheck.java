package dev.ollamaperf.client.health;

import dev.ollamaperf.client.api.ModelNames;
import dev.ollamaperf.client.api.PsResponse;
import dev.ollamaperf.client.api.TagsResponse;
import dev.ollamaperf.client.error.ConnectionFailedException;
import dev.ollamaperf.client.error.OllamaException;
import dev.ollamaperf.client.error.RequestTimeoutException;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.transport.OllamaTransport;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Liveness ({@code GET /api/version}), readiness (the default model is listed by {@code GET /api/tags}) and the
 * loaded models ({@code GET /api/ps}), each cached for a short time so a busy health endpoint does not load
 * Ollama; and {@link #requireReady(Duration)}, the startup check that fails fast with a message saying what is
 * wrong.
 *
 * <p>Implementation notes: each cached value is an immutable (value, time) pair in an {@link AtomicReference};
 * two threads may both refresh at expiry, which is harmless. Checks use a transport sharing the client's pool
 * with short timeouts. Thread-safe.
 */
public final class HealthCheck {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    private final List<OllamaTransport> transports;
    private final OllamaCodecs codecs;
    private final String defaultModel;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Cached<HealthStatus> liveness = new Cached<>();
    private final Cached<HealthStatus> readiness = new Cached<>();
    private final Cached<PsResponse> loaded = new Cached<>();

    /**
     * A health check. Built by {@code OllamaClientBuilder}: its first two parameters are internal types, so an
     * application gets its health check from {@code OllamaClient.health()} rather than constructing one.
     *
     * @param transports   the transports of the client's nodes, one for a single server (fast-failing copies are
     *                     derived from them); a fleet is live and ready when one of its nodes is (docs/fleets.md)
     * @param defaultModel the model readiness requires
     * @param ttl          how long a result is reused, >= 0
     */
    public HealthCheck(
            List<OllamaTransport> transports,
            OllamaCodecs codecs,
            String defaultModel,
            Duration ttl,
            LongSupplier nanoClock) {
        if (transports.isEmpty()) {
            throw new IllegalArgumentException("a health check needs at least one node");
        }
        this.transports = transports.stream()
                .map(t -> t.withTimeouts(CHECK_TIMEOUT, CHECK_TIMEOUT, CHECK_TIMEOUT))
                .toList();
        this.codecs = Objects.requireNonNull(codecs, "codecs");
        this.defaultModel = Objects.requireNonNull(defaultModel, "defaultModel");
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Is the server (a node of the fleet) up? {@code detail} is its version, or what is wrong. */
    public HealthStatus liveness() {
        return liveness.get(() -> {
            long now = nanoClock.getAsLong();
            try {
                return new HealthStatus(true, "Ollama " + onAnyNode(this::version), now);
            } catch (NotReadyException e) {
                return new HealthStatus(false, e.getMessage(), now);
            }
        });
    }

    /** Is the default model present? {@code detail} names it, or says what is wrong (listing what is present). */
    public HealthStatus readiness() {
        return readiness.get(() -> {
            long now = nanoClock.getAsLong();
            try {
                check();
                return new HealthStatus(true, "model '" + defaultModel + "' present", now);
            } catch (NotReadyException e) {
                return new HealthStatus(false, e.getMessage(), now);
            }
        });
    }

    /** The models loaded now ({@code /api/ps}) on the first node, cached like the checks. */
    public PsResponse loadedModels() {
        return loaded.get(() -> transports.get(0).get("/api/ps", codecs.ps()));
    }

    /**
     * The startup check: returns when the server answers and lists the default model; otherwise throws within
     * about {@code timeout} (connection refusals and timeouts are retried until then, since the server may be
     * starting; an unknown host or a missing model fail at once).
     *
     * @throws NotReadyException saying what is wrong: not running / wrong address, or the model missing (with the
     *                           models present)
     */
    public void requireReady(Duration timeout) {
        long deadline = nanoClock.getAsLong() + timeout.toNanos();
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("requireReady timeout must be >= 0, got: " + timeout);
        }
        long attemptsLeft = timeout.toMillis() / 200 + 1; // >= 1; bounds the loop even on a clock that stands still
        while (attemptsLeft-- > 0) {
            try {
                check();
                return;
            } catch (NotReadyException e) {
                boolean transient_ = e.reason() == NotReadyException.Reason.NOT_RUNNING
                        || e.reason() == NotReadyException.Reason.TIMEOUT;
                if (!transient_ || attemptsLeft == 0 || nanoClock.getAsLong() + 200_000_000L > deadline) {
                    throw e;
                }
                sleep();
            }
        }
        throw new AssertionError("unreachable: the last attempt returns or throws");
    }

    private void check() {
        onAnyNode(this::checkNode);
    }

    /**
     * {@code check} of the first node that passes it; when none does, its failure on a single server, or one failure
     * naming every node's problem, with the first node's reason.
     */
    private <T> T onAnyNode(Function<OllamaTransport, T> check) {
        List<NotReadyException> failures = new ArrayList<>();
        for (OllamaTransport transport : transports) {
            try {
                return check.apply(transport);
            } catch (NotReadyException e) {
                failures.add(e);
            }
        }
        if (failures.size() == 1) {
            throw failures.get(0);
        }
        StringBuilder message = new StringBuilder("no node of the fleet (OLLAMA_ENDPOINTS) is ready:");
        for (int i = 0; i < failures.size(); i++) {
            message.append(i == 0 ? " " : "; ").append(failures.get(i).getMessage());
        }
        throw new NotReadyException(failures.get(0).reason(), message.toString(), failures.get(0));
    }

    private String version(OllamaTransport transport) {
        try {
            return transport.get("/api/version", codecs.version()).version();
        } catch (OllamaException e) {
            throw diagnose(transport, e);
        }
    }

    private Void checkNode(OllamaTransport transport) {
        TagsResponse tags;
        try {
            transport.get("/api/version", codecs.version());
            tags = transport.get("/api/tags", codecs.tags());
        } catch (OllamaException e) {
            throw diagnose(transport, e);
        }
        if (tags.find(defaultModel).isEmpty()) {
            throw new NotReadyException(
                    NotReadyException.Reason.MODEL_MISSING,
                    "model '"
                            + ModelNames.normalize(defaultModel) + "' not found on " + transport.endpoint()
                            + "; present: "
                            + (tags.models().isEmpty() ? "(none)" : String.join(", ", tags.names()))
                            + " (pull it on the server, or set OLLAMA_DEFAULT_MODEL to one of these)",
                    null);
        }
        return null;
    }

    private static NotReadyException diagnose(OllamaTransport transport, OllamaException e) {
        String where = transport.endpoint().baseUrl();
        if (e instanceof ConnectionFailedException) {
            if (hasCause(e, UnknownHostException.class)) {
                return new NotReadyException(
                        NotReadyException.Reason.UNKNOWN_HOST,
                        "wrong address: host '"
                                + transport.endpoint().host() + "' of " + where
                                + " is unknown; check OLLAMA_ENDPOINT / "
                                + "OLLAMA_HOST",
                        e);
            }
            return new NotReadyException(
                    NotReadyException.Reason.NOT_RUNNING,
                    "Ollama is not running at " + where
                            + " (" + rootMessage(e)
                            + "); start it ('ollama serve') or point OLLAMA_ENDPOINT / OLLAMA_HOST "
                            + "at where it runs",
                    e);
        }
        if (e instanceof RequestTimeoutException) {
            return new NotReadyException(
                    NotReadyException.Reason.TIMEOUT,
                    "Ollama at " + where + " did not answer within " + CHECK_TIMEOUT.toSeconds() + " s",
                    e);
        }
        return new NotReadyException(
                NotReadyException.Reason.ERROR,
                "Ollama at " + where + " answered with an " + "error: " + e.getMessage(),
                e);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotReadyException(NotReadyException.Reason.ERROR, "interrupted during the startup check", e);
        }
    }

    /** A value reused for {@code ttlNanos}. */
    private final class Cached<T> {
        private final AtomicReference<Object[]> slot = new AtomicReference<>();

        @SuppressWarnings("unchecked")
        T get(Supplier<T> load) {
            Object[] entry = slot.get();
            long now = nanoClock.getAsLong();
            if (entry != null && now - (long) entry[1] < ttlNanos) {
                return (T) entry[0];
            }
            T value = load.get();
            slot.set(new Object[] {value, now});
            return value;
        }
    }
}
