package dev.ollamaperf.client.error;

/** HTTP 503: the server's scheduler queue is full ("server busy, please try again.  maximum pending requests exceeded"). Retryable. */
public final class ServerBusyException extends OllamaException {

    private static final long serialVersionUID = 1L;

    /** A 503 with the server's message. */
    public ServerBusyException(String serverMessage) {
        super(ErrorKind.SERVER_BUSY, 503, "server busy (HTTP 503): " + serverMessage, null);
    }
}
