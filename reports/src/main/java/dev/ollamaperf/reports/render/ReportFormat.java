package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.gate.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** The report formats, each an enum constant that constructs its (package-private) renderer. */
public enum ReportFormat {
    /** {@code results.json}: the normalized metrics, budgets, comparison and verdict; what history and tools read. */
    JSON(JsonRenderer::new, "results.json"),
    /** {@code junit.xml}: one test case per budget check, for CI test-report views. */
    JUNIT_XML(JunitXmlRenderer::new, "junit.xml"),
    /** {@code summary.md}: verdict, budget table and top regressions, for people and PR comments. */
    MARKDOWN(MarkdownRenderer::new, "summary.md"),
    /** {@code index.html}: the self-contained page with charts (inline SVG), for people; works offline. */
    HTML(HtmlRenderer::new, "index.html");

    private final Supplier<Renderer> factory;
    private final String fileName;

    ReportFormat(Supplier<Renderer> factory, String fileName) {
        this.factory = factory;
        this.fileName = fileName;
    }

    /** Returns a new renderer for this format. */
    public Renderer create() {
        return factory.get();
    }

    /** Returns the file name this format is written under in the run folder. */
    public String fileName() {
        return fileName;
    }

    /**
     * Writes the report into {@code directory/fileName()} (UTF-8), replacing an older one.
     *
     * @return the written file
     */
    public Path writeTo(Path directory, Report report) {
        Path file = directory.resolve(fileName);
        try {
            Files.createDirectories(directory);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                create().render(report, out);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
