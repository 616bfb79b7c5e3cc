package dev.ollamaperf.results;

import java.util.Objects;

/**
 * How load was injected.
 *
 * @param model {@code open} (arrival rate; latency measured from the intended start) or {@code closed}
 *     (fixed concurrency; report throughput and queueing, not latency objectives)
 * @param targetRps arrival rate aimed at, requests per second; 0 for closed
 * @param achievedRps arrival rate actually sent, requests per second
 * @param users concurrent virtual users for closed; peak in-flight requests for open
 */
public record Injection(String model, double targetRps, double achievedRps, int users) {

    public Injection {
        Objects.requireNonNull(model, "injection.model");
        if (!model.equals("open") && !model.equals("closed")) {
            throw new IllegalArgumentException("'injection.model' must be 'open' or 'closed', got: " + model);
        }
        Checks.nonNegative(targetRps, "injection.target_rps");
        Checks.nonNegative(achievedRps, "injection.achieved_rps");
        Checks.nonNegative(users, "injection.users");
    }
}
