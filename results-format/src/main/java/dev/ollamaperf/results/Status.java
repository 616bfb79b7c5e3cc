package dev.ollamaperf.results;

/** A scenario's verdict on its own run: INVALID when, for example, it missed its target arrival rate. */
public enum Status {
    VALID,
    INVALID
}
