package dev.ollamaperf.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts fake children: each runs a {@link FakeScript} instead of a process, chosen by the child's name
 * ({@code target-check}, {@code jmh}, {@code steady}, ...), by default {@link FakeScript#healthy()}. Records
 * every spec it was given, in order.
 */
final class FakeChildren implements ChildLauncher {

    private final List<FakeChild> started = new CopyOnWriteArrayList<>();
    private final Map<String, FakeScript> scripts = new ConcurrentHashMap<>();

    /** From now on, children named {@code name} run {@code script}. */
    FakeChildren on(String name, FakeScript script) {
        scripts.put(name, script);
        return this;
    }

    @Override
    public Child start(ChildSpec spec) {
        FakeChild child = new FakeChild(spec, scripts.getOrDefault(spec.name(), FakeScript.healthy()));
        started.add(child);
        return child;
    }

    /** The children started so far, in order. */
    List<FakeChild> started() {
        return List.copyOf(started);
    }

    /** The names of the children started so far, in order. */
    List<String> names() {
        return started.stream().map(c -> c.spec().name()).toList();
    }

    /** The last child started with that name. */
    FakeChild last(String name) {
        List<FakeChild> named =
                started.stream().filter(c -> c.spec().name().equals(name)).toList();
        if (named.isEmpty()) {
            throw new AssertionError("no child named '" + name + "' was started; started: " + names());
        }
        return named.get(named.size() - 1);
    }
}
