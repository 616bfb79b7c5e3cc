package dev.ollamaperf.client.internal.codec;

/**
 * The JSON decoded was Ollama's error object {@code {"error":"..."}} rather than the expected type; this is how a
 * mid-stream error line surfaces from the chunk codecs.
 */
public final class ErrorBodyException extends JsonCodecException {

    private static final long serialVersionUID = 1L;

    private final String serverMessage;

    /** An error object carrying {@code serverMessage}. */
    public ErrorBodyException(String serverMessage) {
        super("server sent an error object: " + serverMessage, null);
        this.serverMessage = serverMessage;
    }

    /** The server's message, verbatim. */
    public String serverMessage() {
        return serverMessage;
    }
}
