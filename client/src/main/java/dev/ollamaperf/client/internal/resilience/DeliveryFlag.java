package dev.ollamaperf.client.internal.resilience;

/**
 * Set by a streaming attempt when it hands its first chunk to the caller; from then on the attempt is never retried
 * nor replaced by a fallback model (the caller has already seen output). Not thread-safe: one per call.
 */
public final class DeliveryFlag {

    private boolean delivered;

    /** Marks that output reached the caller. */
    public void markDelivered() {
        delivered = true;
    }

    /** True once output reached the caller. */
    public boolean delivered() {
        return delivered;
    }
}
