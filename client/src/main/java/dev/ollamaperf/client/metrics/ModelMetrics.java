package dev.ollamaperf.client.metrics;

import java.util.Objects;

/**
 * One model's distributions at snapshot time.
 *
 * @param model              model name
 * @param latencyNanos       end-to-end call latency, nanoseconds
 * @param ttftNanos          client-observed time to first token of streamed calls, nanoseconds
 * @param outputTpsMilli     output tokens per second per call, in thousandths (HdrHistogram stores integers)
 */
public record ModelMetrics(
        String model, Distribution latencyNanos, Distribution ttftNanos, Distribution outputTpsMilli) {

    public ModelMetrics {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(latencyNanos, "latencyNanos");
        Objects.requireNonNull(ttftNanos, "ttftNanos");
        Objects.requireNonNull(outputTpsMilli, "outputTpsMilli");
    }
}
