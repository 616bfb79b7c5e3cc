package dev.ollamaperf.emulator.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Where a level's tail comes from: the client's own ramp (when the last connection was up and the
 * last request written), the first token's delay after its request was sent (the profile says one
 * interval, prefill being a microsecond), and the errors split by token index, so that a report can
 * say whether the late tokens are the first few of each stream (the start-up burst) or spread over
 * the whole stream.
 *
 * <p>Two errors per index band: (a) as the benchmark's main table (token k against the first token's
 * arrival + k intervals, so k starts at 1), and (s) lateness against the schedule from the request's
 * send, {@code arrival[k] - (sent + (k + 1) x interval)}, which also counts the admission delay (as a
 * harness that stamps the intended start sees it; may be negative by the prefill's microsecond).
 */
final class ArrivalBreakdown {

    /** Token index bands: [1, 2), [2, 5), [5, 10), [10, end). (s) also has band [0, 1). */
    private static final int[] BAND_START = {0, 1, 2, 5, 10};

    private static final long HIGHEST_NANOS = 60_000_000_000L;

    private final Histogram[] client = new Histogram[BAND_START.length];
    private final Histogram[] sinceSend = new Histogram[BAND_START.length];
    private final Histogram sendOffset = new Histogram(HIGHEST_NANOS, 3);
    private final Histogram connectOffset = new Histogram(HIGHEST_NANOS, 3);

    ArrivalBreakdown(List<LineArrivalClient.Stream> streams, long levelStartNanos, long intervalNanos) {
        for (int b = 0; b < BAND_START.length; b++) {
            client[b] = new Histogram(HIGHEST_NANOS, 3);
            sinceSend[b] = new Histogram(HIGHEST_NANOS, 3);
        }
        for (LineArrivalClient.Stream s : streams) {
            if (s.sentNanos == 0) {
                continue;
            }
            connectOffset.recordValue(clamp(s.connectedNanos - levelStartNanos));
            sendOffset.recordValue(clamp(s.sentNanos - levelStartNanos));
            int tokenLines = s.lines - 1;
            for (int k = 0; k < tokenLines; k++) {
                int band = band(k);
                if (k > 0) {
                    client[band].recordValue(clamp(Math.abs(s.arrivals[k] - (s.arrivals[0] + k * intervalNanos))));
                }
                sinceSend[band].recordValue(clamp(s.arrivals[k] - (s.sentNanos + (k + 1) * intervalNanos)));
            }
        }
    }

    /** Prints the ramp line and one row per token band. */
    void print(PrintStream out, int streams) {
        out.printf(
                Locale.ROOT,
                "%d streams, client ramp: connected p50 / max %.1f / %.1f ms, request sent p50 / max %.1f / %.1f ms"
                        + " after the level's start%n",
                streams,
                ms(connectOffset.getValueAtPercentile(50)),
                ms(connectOffset.getMaxValue()),
                ms(sendOffset.getValueAtPercentile(50)),
                ms(sendOffset.getMaxValue()));
        out.println(
                "| tokens k | (a) client error p50 / p99 / max (ms) | (s) lateness since send p50 / p99 / max (ms) |");
        out.println("|---|---|---|");
        for (int b = 0; b < BAND_START.length; b++) {
            String range;
            if (b + 1 == BAND_START.length) {
                range = BAND_START[b] + "+";
            } else if (BAND_START[b + 1] - 1 == BAND_START[b]) {
                range = String.valueOf(BAND_START[b]);
            } else {
                range = BAND_START[b] + "-" + (BAND_START[b + 1] - 1);
            }
            out.printf(Locale.ROOT, "| %s | %s | %s |%n", range, cell(client[b]), cell(sinceSend[b]));
        }
    }

    private static String cell(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        return String.format(
                Locale.ROOT,
                "%.1f / %.1f / %.1f",
                ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(99)),
                ms(h.getMaxValue()));
    }

    private static int band(int k) {
        int band = 0;
        while (band + 1 < BAND_START.length && k >= BAND_START[band + 1]) {
            band++;
        }
        return band;
    }

    private static long clamp(long nanos) {
        return Math.max(0, Math.min(HIGHEST_NANOS, nanos));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
