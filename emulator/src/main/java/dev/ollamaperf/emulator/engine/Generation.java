package dev.ollamaperf.emulator.engine;

/** A running inference. */
public interface Generation {

    /** Stops the inference (the client went away): frees its slot or its queue place. Idempotent. */
    void cancel();
}
