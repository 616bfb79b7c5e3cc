package dev.ollamaperf.client.error;

/** The connection to the server could not be made (refused, unknown host) or was lost before a response began. */
public final class ConnectionFailedException extends OllamaException {

    private static final long serialVersionUID = 1L;

    /** A connection failure to {@code endpoint}. */
    public ConnectionFailedException(String endpoint, Throwable cause) {
        super(ErrorKind.CONNECTION_FAILED, 0, "cannot connect to Ollama at " + endpoint + ": " + cause, cause);
    }
}
