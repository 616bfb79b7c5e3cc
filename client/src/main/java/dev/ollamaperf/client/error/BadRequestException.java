package dev.ollamaperf.client.error;

/** HTTP 400: the request is invalid for this server or model (bad think/keep_alive value, missing capability...). Never retried, never falls back. */
public final class BadRequestException extends OllamaException {

    private static final long serialVersionUID = 1L;

    /** A 400 with the server's message. */
    public BadRequestException(String serverMessage) {
        super(ErrorKind.BAD_REQUEST, 400, "bad request (HTTP 400): " + serverMessage, null);
    }
}
