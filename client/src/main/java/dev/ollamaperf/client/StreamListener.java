package dev.ollamaperf.client;

/**
 * Receives each chunk of a stream as soon as it is decoded, on the reading thread. Keep it quick: the next read
 * waits for it. Throwing from it aborts the stream (the connection is closed).
 *
 * @param <C> chunk type
 */
@FunctionalInterface
public interface StreamListener<C> {

    /**
     * One chunk.
     *
     * @param chunk       the decoded chunk
     * @param arrivalNanos client-observed arrival, nanoseconds since the request's start
     */
    void onChunk(C chunk, long arrivalNanos);

    /**
     * A listener that ignores every chunk: always the same instance, so a client that gets it knows nobody looks at
     * the chunks and may skip making them.
     */
    @SuppressWarnings("unchecked")
    static <C> StreamListener<C> ignoring() {
        return (StreamListener<C>) IgnoringListener.INSTANCE;
    }
}
