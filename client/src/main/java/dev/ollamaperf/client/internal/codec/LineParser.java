package dev.ollamaperf.client.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;

/**
 * One non-blocking parser for a whole stream, fed each line in place: its field names are canonicalized once and no
 * parser, context or buffer is made per line (a parser per line cost about 600 B per streamed chunk). Callers feed
 * only a line that is one complete, balanced JSON object ({@link StreamingCodec#isOneCompleteObject}), so the
 * parser is never left waiting in the middle of a value. Not thread-safe: one stream, one instance.
 */
final class LineParser {

    private final JsonFactory factory;
    private JsonParser parser;
    private ByteArrayFeeder feeder;

    LineParser(JsonFactory factory) {
        this.factory = factory;
    }

    /** The parser, fed a line that {@link StreamingCodec#isOneCompleteObject} accepted. */
    JsonParser feed(byte[] bytes, int offset, int length) throws IOException {
        if (parser == null) {
            parser = factory.createNonBlockingByteArrayParser();
            feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        }
        feeder.feedInput(bytes, offset, offset + length);
        return parser;
    }

    /**
     * Closing the parser hands the field names it added back to the factory's table (and its buffers to the
     * recycler), so the next stream's parser finds them there: one that is never closed makes every stream copy the
     * name table again (about 5 KB per call). The next line fed gets a new parser.
     */
    void close() {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                // nothing to release that could fail: the input is the caller's array
            }
        }
        parser = null;
        feeder = null;
    }
}
