package dev.ollamaperf.client.internal.codec;

/** JSON that could not be decoded into the expected API type, or a value that could not be encoded. */
public class JsonCodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A codec failure; the message names the type and what was wrong. */
    public JsonCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
