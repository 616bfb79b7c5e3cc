package dev.ollamaperf.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies the gateway holds at once, bounded in total: each body is bounded on its own
 * ({@code maxBodyBytes}), but 32 concurrent 8.4 MB bodies still raised the gateway's memory by 1.07 GB. A body
 * reserves its declared length (or the per-body limit when it is chunked) before it is read, and gives it back
 * when its request is answered. Thread-safe, lock-free.
 */
final class BodyBudget {

    private final long capacity;
    private final AtomicLong held = new AtomicLong();

    /** @param capacity bytes of bodies held at once, 1 or more */
    BodyBudget(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("body budget must be 1 byte or more, got: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Reserves {@code bytes}; false (nothing reserved) when that would take the total over the capacity. */
    boolean tryReserve(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > capacity) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back {@code bytes} reserved earlier. */
    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** A request's share of the budget, empty until its body reserves some. */
    Reservation reservation() {
        return new Reservation();
    }

    /**
     * What one request's body holds of the budget; used by the one thread serving the request. (Kept out of
     * the exchange's attributes: the JDK server's exchange attributes are shared by every exchange of a
     * context, so concurrent requests overwrote each other's.)
     */
    final class Reservation {
        private long bytes;

        /** Reserves {@code n} bytes for this request; false (nothing reserved) when the budget is full. */
        boolean tryReserve(long n) {
            if (!BodyBudget.this.tryReserve(n)) {
                return false;
            }
            bytes += n;
            return true;
        }

        /** Keeps only {@code n} of the bytes reserved (a chunked body turned out smaller than the limit). */
        void shrinkTo(long n) {
            if (n < bytes) {
                BodyBudget.this.release(bytes - n);
                bytes = n;
            }
        }

        /** The whole budget's capacity, for messages. */
        long capacity() {
            return capacity;
        }

        /** Gives back everything this request holds; a second call gives back nothing. */
        void release() {
            BodyBudget.this.release(bytes);
            bytes = 0;
        }
    }

    /** Bytes reserved now. */
    long held() {
        return held.get();
    }

    long capacity() {
        return capacity;
    }
}
