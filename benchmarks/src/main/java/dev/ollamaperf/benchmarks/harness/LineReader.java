package dev.ollamaperf.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.load.protocol.ChunkReader;
import dev.ollamaperf.load.protocol.OllamaApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** The ways the load harness can read one received {@code /api/chat} line, for {@link StreamLineBenchmark}. */
public enum LineReader {
    /** The harness now: its byte scanner for plain chunks, Jackson's streaming parser for the rest. */
    OURS(() -> ours(true)),
    /** The harness's reader with the scanner off: Jackson's streaming parser over the bytes for every line. */
    STREAMING(() -> ours(false)),
    /**
     * Plain Jackson, the baseline and the harness until 2026-12-07: the line as a String, then a {@code JsonNode}
     * tree.
     */
    JACKSON(LineReader::jacksonTree);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Reading> factory;

    LineReader(Supplier<Reading> factory) {
        this.factory = factory;
    }

    /** A reader for one stream's lines (each keeps its state between lines, as a stream's does). */
    Reading open() {
        return factory.get();
    }

    /** Reads one line; returns the length of its answer text, or -1 for the done chunk. */
    interface Reading {
        int read(byte[] bytes, int offset, int length) throws IOException;
    }

    private static Reading ours(boolean scanPlain) {
        ChunkReader reader = new ChunkReader(OllamaApi.CHAT, true, scanPlain);
        return (bytes, offset, length) -> {
            reader.read(bytes, offset, length);
            return reader.done() ? -1 : reader.hasText() ? reader.text().length() : 0;
        };
    }

    private static Reading jacksonTree() {
        return (bytes, offset, length) -> {
            JsonNode chunk = JSON.readTree(new String(bytes, offset, length, StandardCharsets.UTF_8));
            return chunk.path("done").asBoolean(false)
                    ? -1
                    : chunk.path("message").path("content").asText("").length();
        };
    }
}
