package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.gate.Report;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes a {@link Report} in one format. Output is a pure function of the report: no clock, no locale,
 * no host name, so golden files can pin it byte for byte.
 */
public interface Renderer {

    /** Writes the report to {@code out}; the caller owns (and closes) the writer. */
    void render(Report report, Writer out) throws IOException;
}
