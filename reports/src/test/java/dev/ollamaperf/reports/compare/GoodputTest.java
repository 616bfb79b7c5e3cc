package dev.ollamaperf.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ollamaperf.reports.metric.EncodedHistogram;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Unit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

final class GoodputTest {

    private static final Map<String, Long> OBJECTIVES = Map.of("ttft", 1_000_000L, "e2e", 10_000_000L);

    @Test
    void ratio_failedAndSlowRequests_countOnlyThoseMeetingEveryObjective() {
        List<Map<String, Long>> requests = new ArrayList<>();
        requests.add(Map.of("ttft", 500_000L, "e2e", 5_000_000L)); // meets both
        requests.add(Map.of("ttft", 1_500_000L, "e2e", 5_000_000L)); // slow first token
        requests.add(Map.of("ttft", 500_000L, "e2e", 15_000_000L)); // slow end
        requests.add(null); // failed

        assertThat(Goodput.ratio(requests, OBJECTIVES)).isEqualTo(0.25);
    }

    @Test
    void bounds_fromHistograms_containExactGoodput() {
        // 100 requests, 90 ok: ttft misses on requests 0..9, e2e misses on requests 5..14: exact goodput 75/100.
        Histogram ttft = new Histogram(3);
        Histogram e2e = new Histogram(3);
        List<Map<String, Long>> requests = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            long t = i < 10 ? 2_000_000L : 400_000L;
            long e = i >= 5 && i < 15 ? 20_000_000L : 4_000_000L;
            ttft.recordValue(t);
            e2e.recordValue(e);
            Map<String, Long> r = new HashMap<>();
            r.put("ttft", t);
            r.put("e2e", e);
            requests.add(r);
        }
        for (int i = 0; i < 10; i++) {
            requests.add(null);
        }

        double exact = Goodput.ratio(requests, OBJECTIVES);
        Interval bounds = Goodput.bounds(
                Map.of(
                        "ttft",
                        EncodedHistogram.encode(ttft, Unit.NANOSECONDS),
                        "e2e",
                        EncodedHistogram.encode(e2e, Unit.NANOSECONDS)),
                OBJECTIVES,
                100);

        assertThat(exact).isCloseTo(0.75, within(1e-12));
        assertThat(bounds.high()).isCloseTo(0.80, within(1e-12)); // min of marginals 80/100, 80/100
        assertThat(bounds.low()).isCloseTo(0.60, within(1e-12)); // 1 - (0.2 + 0.2)
        assertThat(exact).isBetween(bounds.low(), bounds.high());
    }
}
