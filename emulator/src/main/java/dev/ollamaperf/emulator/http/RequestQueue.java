package dev.ollamaperf.emulator.http;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;

/**
 * The requests one event loop has read and not yet handled, handled one per task, so that the token
 * writes the engine hands to the loop meanwhile go first.
 *
 * <p>Why: an event loop reads every ready connection in one pass and only then runs its tasks, where the
 * token writes wait. When 1,000 clients send their requests at once, handling each request inline (HTTP
 * routing, JSON parsing, validation, admission) made the streams' first tokens, already due, wait for the
 * whole burst: the first token came late and the next ones on time, an error of tens of milliseconds
 * between them (docs/measurements/2026-12-07-emulator-scheduling-error-2.md). Here a request is one task
 * at the tail of the loop's queue, and the next one is queued only after it ran, behind whatever tokens
 * came in; the requests' own order is kept. Confined to its event loop: no locks.
 */
final class RequestQueue {

    private final EventExecutor loop;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private final Runnable handleNext = this::handleNext;
    private boolean queued;

    /** @param loop the event loop whose connections use this queue */
    RequestQueue(EventExecutor loop) {
        this.loop = loop;
    }

    /** Queues one request's handling; called on the loop. */
    void add(Runnable handling) {
        waiting.add(handling);
        if (!queued) {
            queued = true;
            loop.execute(handleNext);
        }
    }

    private void handleNext() {
        try {
            Runnable next = waiting.poll();
            if (next != null) {
                next.run();
            }
        } finally {
            // only now: the tasks the request queued (and those other threads queued meanwhile) run before the next
            if (waiting.isEmpty()) {
                queued = false;
            } else {
                loop.execute(handleNext);
            }
        }
    }
}
