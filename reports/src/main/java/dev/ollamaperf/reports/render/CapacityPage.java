package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.capacity.CapacityAnalysis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code capacity.html}: the capacity section of an analysis as a page of its own (written by the capacity command). */
public final class CapacityPage {

    private CapacityPage() {}

    /** Writes the page atomically. */
    public static void write(CapacityAnalysis analysis, Path file) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Capacity: "
                + Html.esc(analysis.run()) + "</title>\n<style>" + HtmlAssets.CSS + "</style>\n<script>"
                + HtmlAssets.ERROR_HOOK
                + "</script>\n</head>\n<body data-rendered=\"pending\" data-errors=\"\">\n<header><h1>Capacity plan</h1><p class=\"sub\">"
                + "run <code>" + Html.esc(analysis.run()) + "</code></p></header>\n<main>\n"
                + HtmlCapacitySection.render(
                        analysis,
                        "Objectives: "
                                + (analysis.options().objectives().isEmpty()
                                        ? "none"
                                        : analysis.options().objectives().toString())
                                + ".")
                + "</main>\n<script>" + HtmlAssets.SCRIPT + "</script>\n</body></html>\n";
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
