package dev.ollamaperf.benchmarks.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ollamaperf.client.StreamListener;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.stream.NdjsonDecoder;
import io.github.ollama4j.models.chat.OllamaChatResponseModel;
import io.github.ollama4j.utils.Utils;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The systems whose decoding of an /api/chat NDJSON stream is compared. Each one reads the whole
 * stream from an InputStream, decodes every chunk and returns the assembled answer text, which is
 * the work any client must do to hand tokens to its caller.
 */
public enum NdjsonStreamDecoder {

    /** ollama-perf's push decoder: fed network-sized reads, one chunk object per line, with arrival times. */
    OURS(OursDecoding::new),
    /**
     * The same decoder when the caller takes only the aggregate (no listener, no cache): plain chunks are read by
     * its byte-level scanner instead of being decoded into chunk objects, as in a streamed call's answer-only path.
     */
    OURS_SCANNED(ScannedDecoding::new),
    /** Baseline: Jackson's MappingIterator over the concatenated JSON values, as JsonNode trees. */
    JACKSON(JacksonDecoding::new),
    /**
     * io.github.ollama4j 1.1.6's way: a BufferedReader's readLine, then its ObjectMapper reads each
     * line into its OllamaChatResponseModel (as its chat endpoint caller does).
     */
    OLLAMA4J(Ollama4jDecoding::new);

    private final Supplier<Decoding> factory;

    NdjsonStreamDecoder(Supplier<Decoding> factory) {
        this.factory = factory;
    }

    /** A ready decoder of this system (its mappers and readers built once). */
    public Decoding create() {
        return factory.get();
    }

    /** Decodes one whole stream and returns the concatenated answer text. */
    @FunctionalInterface
    public interface Decoding {
        String decode(byte[] stream);
    }

    private static final class OursDecoding implements Decoding {
        private final OllamaCodecs codecs = OllamaCodecs.shared();

        @Override
        public String decode(byte[] stream) {
            NdjsonDecoder<?> decoder =
                    NdjsonDecoder.chat(codecs, StreamListener.ignoring(), System::nanoTime, System.nanoTime());
            return decoder.readFully(new ByteArrayInputStream(stream)).text();
        }
    }

    private static final class ScannedDecoding implements Decoding {
        private final OllamaCodecs codecs = OllamaCodecs.shared();

        @Override
        public String decode(byte[] stream) {
            NdjsonDecoder<?> decoder = NdjsonDecoder.chatAggregate(
                    codecs, StreamListener.ignoring(), () -> {}, System::nanoTime, System.nanoTime());
            return decoder.readFully(new ByteArrayInputStream(stream)).text();
        }
    }

    private static final class JacksonDecoding implements Decoding {
        private final ObjectReader reader = new ObjectMapper().readerFor(JsonNode.class);

        @Override
        public String decode(byte[] stream) {
            StringBuilder text = new StringBuilder();
            try (MappingIterator<JsonNode> chunks = reader.readValues(stream)) {
                while (chunks.hasNextValue()) {
                    text.append(
                            chunks.nextValue().path("message").path("content").asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return text.toString();
        }
    }

    private static final class Ollama4jDecoding implements Decoding {
        private final ObjectMapper mapper = Utils.getObjectMapper();

        @Override
        public String decode(byte[] stream) {
            StringBuilder text = new StringBuilder();
            InputStream in = new ByteArrayInputStream(stream);
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    OllamaChatResponseModel chunk = mapper.readValue(line, OllamaChatResponseModel.class);
                    if (chunk.getMessage() != null) {
                        text.append(chunk.getMessage().getResponse());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return text.toString();
        }
    }
}
