package dev.ollamaperf.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.results.HarnessInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import scala.concurrent.duration.FiniteDuration;

/**
 * Injector K of N: its share of the load adds up to the whole load exactly, its requests and random arrivals are its
 * own, its files never collide with another's, and its settings in metrics.json agree with the others' (else the
 * reports could not merge the files).
 */
final class InjectorTest {

    @ParameterizedTest
    @CsvSource({"5,2", "5,3", "1,1", "7,7", "100,8", "3,5"})
    void users_sharesDifferByAtMostOneAndSumToTheTotal(int total, int count) {
        List<Integer> shares = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            shares.add(new Injector(k, count).users(total));
        }

        assertThat(shares.stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
        assertThat(shares.stream().mapToInt(Integer::intValue).max().orElseThrow()
                        - shares.stream().mapToInt(Integer::intValue).min().orElseThrow())
                .isLessThanOrEqualTo(1);
    }

    @Test
    void users_fiveOverTwo_areThreeAndTwo() {
        assertThat(new Injector(1, 2).users(5)).isEqualTo(3);
        assertThat(new Injector(2, 2).users(5)).isEqualTo(2);
    }

    @Test
    void rate_sharesSumToTheTotal() {
        double sum = 0;
        for (int k = 1; k <= 3; k++) {
            sum += new Injector(k, 3).rate(2.0);
        }
        assertThat(sum).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void requestNumber_injectorsTogetherSendEachNumberOnce() {
        Set<Long> numbers = new HashSet<>();
        for (int k = 1; k <= 3; k++) {
            for (long n = 0; n < 10; n++) {
                assertThat(numbers.add(new Injector(k, 3).requestNumber(n))).isTrue();
            }
        }
        assertThat(numbers).hasSize(30).allMatch(n -> n >= 0 && n < 30);
        assertThat(Injector.SINGLE.requestNumber(7)).isEqualTo(7);
    }

    @Test
    void fileName_aloneKeepsTheBaseSharedNamesTheInjector() {
        assertThat(Injector.SINGLE.fileName("metrics-steady.json")).isEqualTo("metrics-steady.json");
        assertThat(new Injector(2, 3).fileName("metrics-steady.json")).isEqualTo("metrics-steady-injector-2-of-3.json");
        assertThat(new Injector(2, 3).fileName("harness.json")).isEqualTo("harness-injector-2-of-3.json");
        assertThat(new Injector(2, 3).label()).isEqualTo("injector-2-of-3");
        assertThat(Injector.SINGLE.label()).isEqualTo("injector-1");
    }

    @Test
    void settings_ofTwoInjectorsOfOneRun_agreeInMetricsJsonAndDifferInTheirShares() {
        Map<String, String> common = new HashMap<>(Map.of(
                "ollama.perf.users", "5",
                "ollama.perf.rate", "3",
                "ollama.perf.metricsFile", "metrics-steady.json",
                "ollama.perf.startAt", "2026-12-07T09:00:00Z"));
        Map<String, String> first = new HashMap<>(common);
        first.put("ollama.perf.injector", "1/2");
        Map<String, String> second = new HashMap<>(common);
        second.put("ollama.perf.injector", "2/2");

        LoadSettings one = LoadSettings.from(first, Map.of());
        LoadSettings two = LoadSettings.from(second, Map.of());

        assertThat(one.asMap()).isEqualTo(two.asMap()).containsEntry("ollama.perf.injectors", "2");
        assertThat(List.of(one.injectorUsers(), two.injectorUsers())).containsExactly(3, 2);
        assertThat(one.injectorRate()).isEqualTo(1.5);
        assertThat(List.of(one.injectorMetricsFile(), two.injectorMetricsFile()))
                .containsExactly("metrics-steady-injector-1-of-2.json", "metrics-steady-injector-2-of-2.json");
    }

    @Test
    void poissonArrivals_sameSeedRepeatsOtherInjectorDrawsItsOwn() {
        List<Long> a = arrivals(new Injector(1, 2).seed(1));
        List<Long> again = arrivals(new Injector(1, 2).seed(1));
        List<Long> b = arrivals(new Injector(2, 2).seed(1));

        assertThat(again).isEqualTo(a);
        assertThat(b).isNotEqualTo(a);
        // 5 per second over 60 s: Gatling's Poisson step draws the count, about 300 (3 standard deviations: +-52)
        assertThat(a.size()).isBetween(248, 352);
        assertThat(a).isSorted().allMatch(ms -> ms >= 0 && ms <= 60_000);
    }

    @Test
    void problems_gcAboveItsShare_isAReasonWithTheNumbers() {
        HarnessInfo.Health paused = new HarnessInfo.Health(10_000, 12, 800, 9_000, 2);
        HarnessInfo.Health calm = new HarnessInfo.Health(10_000, 3, 40, 2_000, 2);

        assertThat(InjectorHealth.problems(calm, 0.05)).isEmpty();
        assertThat(InjectorHealth.problems(paused, 0.05))
                .singleElement()
                .asString()
                .contains("800 ms (12 collections) of the 10.0 s window: 8.0% > 5.0% allowed")
                .contains("CPU 45% of 2 cores");
    }

    @Test
    void health_overAWindow_countsThisJvmsCollections() {
        long[] now = {0};
        InjectorHealth health = new InjectorHealth(() -> now[0]);
        assertThat(health.end()).isEmpty();

        health.begin();
        System.gc();
        now[0] = 2_000_000_000L;
        HarnessInfo.Health measured = health.end().orElseThrow();

        assertThat(measured.windowMs()).isEqualTo(2_000);
        assertThat(measured.gcCount()).isPositive();
        assertThat(measured.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    /** The arrival offsets (ms from the step's start) of 5 per second over 60 s with {@code seed}. */
    private static List<Long> arrivals(long seed) {
        scala.collection.Iterator<FiniteDuration> times = PoissonArrivals.of(5, 5, Duration.ofSeconds(60), seed)
                .asScala()
                .chain(scala.collection.Iterator$.MODULE$.empty());
        List<Long> millis = new ArrayList<>();
        while (times.hasNext()) {
            millis.add(times.next().toMillis());
        }
        return millis;
    }
}
