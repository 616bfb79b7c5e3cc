package dev.ollamaperf.client.error;

/** An HTTP status the Ollama API does not document for this call (e.g. 401, 403, 499). */
public final class UnexpectedStatusException extends OllamaException {

    private static final long serialVersionUID = 1L;

    /** A status with the body's message. */
    public UnexpectedStatusException(int status, String serverMessage) {
        super(ErrorKind.UNEXPECTED_STATUS, status, "unexpected HTTP " + status + ": " + serverMessage, null);
    }
}
