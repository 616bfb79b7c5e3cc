package dev.ollamaperf.client.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** Text renderings of a {@link MetricsSnapshot}. */
public enum MetricsFormat {

    /** A human-readable dump, one line per series. */
    TEXT(TextRenderer::new),
    /** Prometheus text exposition format 0.0.4 (what the gateway serves on its metrics path). */
    PROMETHEUS(PrometheusRenderer::new);

    /** Renders one snapshot. */
    interface Renderer {
        void render(MetricsSnapshot snapshot, Appendable out) throws IOException;
    }

    private final Supplier<Renderer> factory;

    MetricsFormat(Supplier<Renderer> factory) {
        this.factory = factory;
    }

    /** Writes {@code snapshot} to {@code out}. */
    public void render(MetricsSnapshot snapshot, Appendable out) {
        try {
            factory.get().render(snapshot, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render metrics as " + name(), e);
        }
    }

    /** {@code snapshot} as a string. */
    public String render(MetricsSnapshot snapshot) {
        StringBuilder sb = new StringBuilder();
        render(snapshot, sb);
        return sb.toString();
    }
}
