package dev.ollamaperf.client.health;

import java.util.Objects;

/**
 * One health-check result.
 *
 * @param ok        true when the check passed
 * @param detail    what was found: the version, the model, or what is wrong
 * @param checkedAt {@code nanoClock} reading when the server was asked
 */
public record HealthStatus(boolean ok, String detail, long checkedAt) {

    public HealthStatus {
        Objects.requireNonNull(detail, "detail");
    }
}
