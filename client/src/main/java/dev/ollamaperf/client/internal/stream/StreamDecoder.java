package dev.ollamaperf.client.internal.stream;

import dev.ollamaperf.client.StreamAggregate;

/**
 * A push-based stream decoder ({@link NdjsonDecoder}, {@link SseDecoder}): the transport feeds it each network
 * read and finishes it at the end of the body.
 */
public interface StreamDecoder {

    /** Feeds the bytes of one read; may throw {@code StreamErrorException}. */
    void feed(byte[] bytes, int offset, int length);

    /** True once the stream's final marker arrived. */
    boolean isDone();

    /** What has been received so far. */
    StreamAggregate partial();

    /** Ends the stream; throws {@code StreamTruncatedException} if the final marker never arrived. */
    StreamAggregate finish();
}
