package dev.ollamaperf.emulator.engine;

import java.util.Objects;

/**
 * Why an inference failed, and how the HTTP layer must report it.
 *
 * @param status          HTTP status when no token was sent yet (503 queue full, 500 load or
 *                        injected failure, 499 cancelled)
 * @param message         Ollama's message, e.g. "server busy, please try again.  maximum pending
 *                        requests exceeded"
 * @param afterFirstToken true when tokens were already streamed: the status stays 200 and an
 *                        {@code {"error":...}} line ends the stream
 * @param dropConnection  true when the HTTP layer must close the socket without any final line
 *                        (the injected "dropped connection" fault)
 */
public record EngineError(int status, String message, boolean afterFirstToken, boolean dropConnection) {

    public EngineError {
        Objects.requireNonNull(message, "message");
    }
}
