package dev.ollamaperf.reports.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One run as the history lists it.
 *
 * @param runId the run's id, unique in the history
 * @param startedAt when the run started
 * @param status {@code VALID} or {@code INVALID}
 * @param verdict the gate's outcome ({@code PASS}, {@code FAIL}, {@code ERROR}), or {@code null} if not judged
 * @param gitCommit {@code git.commit} of the environment, or {@code null}
 * @param targetKind {@code target.kind} ({@code emulator}, {@code ollama}, {@code gateway}), or {@code null}
 * @param fingerprint the machine fingerprint ({@link MachineFingerprint})
 * @param metrics how many metrics the run stored
 */
public record HistoryRun(
        String runId,
        Instant startedAt,
        String status,
        String verdict,
        String gitCommit,
        String targetKind,
        String fingerprint,
        int metrics) {

    public HistoryRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (metrics < 0) {
            throw new IllegalArgumentException("history run '" + runId + "' metrics must be >= 0, got: " + metrics);
        }
    }
}
