package dev.ollamaperf.emulator;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Several emulators in one process, one per Ollama node, for tests of a fleet ({@code OLLAMA_ENDPOINTS}): each node
 * has its own port, engine and scheduler, started from the same configuration, so they behave alike and share
 * nothing. {@code try (EmulatorFleet fleet = EmulatorFleet.start(EmulatorConfig.defaults(), 3)) { ... }} and point
 * the client at {@link #endpoints()}.
 *
 * <p>With more than one node every node listens on an ephemeral port of the configured address (a fixed port can
 * serve only one node); with one node the configured port is used, as {@link Emulator#start} does. A test can stop a
 * node ({@code node(i).close()}) and start it again on the same port ({@link #restart}). Thread-safe.
 */
public final class EmulatorFleet implements AutoCloseable {

    /** The most nodes one process starts. */
    public static final int MAX_NODES = 64;

    private final EmulatorConfig config;
    private final Emulator[] nodes; // guarded by this

    private EmulatorFleet(EmulatorConfig config, Emulator[] nodes) {
        this.config = config;
        this.nodes = nodes;
    }

    /**
     * Starts {@code count} nodes.
     *
     * @param count 1–{@value #MAX_NODES}
     * @throws IOException when a node cannot bind (the nodes already started are stopped)
     * @throws IllegalArgumentException when {@code count} is out of range, or is more than 1 with a fixed port
     */
    public static EmulatorFleet start(EmulatorConfig config, int count) throws IOException {
        Objects.requireNonNull(config, "config");
        if (count < 1 || count > MAX_NODES) {
            throw new IllegalArgumentException("'--nodes' must be between 1 and " + MAX_NODES + ", got: " + count);
        }
        EmulatorConfig each = count == 1 ? config : config.withAddress(config.bindAddress(), 0);
        Emulator[] started = new Emulator[count];
        try {
            for (int i = 0; i < count; i++) {
                started[i] = Emulator.start(each);
            }
        } catch (IOException | RuntimeException e) {
            for (Emulator emulator : started) {
                if (emulator != null) {
                    emulator.close();
                }
            }
            throw e;
        }
        return new EmulatorFleet(config, started);
    }

    /** How many nodes. */
    public int size() {
        return nodes.length;
    }

    /** Node {@code i} (0-based) as it runs now. */
    public synchronized Emulator node(int i) {
        return nodes[i];
    }

    /** Every node, in order. */
    public synchronized List<Emulator> nodes() {
        return List.of(nodes.clone());
    }

    /** The nodes' base URIs, in order. */
    public List<URI> baseUris() {
        return nodes().stream().map(Emulator::baseUri).toList();
    }

    /** The value of {@code OLLAMA_ENDPOINTS} for this fleet: the base URIs, comma-separated. */
    public String endpoints() {
        return baseUris().stream().map(URI::toString).collect(Collectors.joining(","));
    }

    /**
     * Stops node {@code i} if it runs and starts a fresh one (new engine: nothing loaded) on the same port.
     *
     * @throws IOException when the port cannot be bound again
     */
    public synchronized Emulator restart(int i) throws IOException {
        int port = nodes[i].port();
        nodes[i].close();
        nodes[i] = Emulator.start(config.withAddress(config.bindAddress(), port));
        return nodes[i];
    }

    /** Stops every node. Idempotent. */
    @Override
    public synchronized void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Emulator node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
