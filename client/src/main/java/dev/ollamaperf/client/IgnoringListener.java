package dev.ollamaperf.client;

/** The one instance {@link StreamListener#ignoring()} returns. */
final class IgnoringListener {

    static final StreamListener<Object> INSTANCE = (chunk, arrivalNanos) -> {};

    private IgnoringListener() {}
}
