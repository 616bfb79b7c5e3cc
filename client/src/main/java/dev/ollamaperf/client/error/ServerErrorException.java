package dev.ollamaperf.client.error;

/** HTTP 5xx other than 503: load failure, runner crash, bad option type. */
public final class ServerErrorException extends OllamaException {

    private static final long serialVersionUID = 1L;

    /** A 5xx with the server's message. */
    public ServerErrorException(int status, String serverMessage) {
        super(ErrorKind.SERVER_ERROR, status, "server error (HTTP " + status + "): " + serverMessage, null);
    }
}
