package dev.ollamaperf.reports.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

final class RerunPlanTest {

    @Test
    void of_jmhAndLoadFailures_linesNameMethodsOnceAndScenarios() {
        RerunPlan plan = RerunPlan.of(
                List.of(
                        "jmh.CacheBenchmark.get_hit[payload=1024,tier=MEMORY].alloc",
                        "jmh.CacheBenchmark.get_hit[payload=1024,tier=SQLITE].time",
                        "jmh.LimiterBenchmark.acquire_release.time",
                        "load.arrival.llama3.2:latest.ttft.p95",
                        "load.arrival.errors.ratio"),
                List.of());

        assertThat(plan.lines())
                .containsExactly(
                        "checks 5",
                        "jmh \\.CacheBenchmark\\.get_hit$|\\.LimiterBenchmark\\.acquire_release$",
                        "load arrival");
        assertThat(plan.confirmable()).isTrue();
    }

    @Test
    void jmhInclude_matchesExactlyTheFailingMethodsAsJmhFindsThem() {
        Pattern include = Pattern.compile(
                RerunPlan.of(List.of("jmh.CacheBenchmark.get_hit[payload=1024,tier=MEMORY].alloc"), List.of())
                        .jmhInclude()
                        .orElseThrow());

        assertThat(include.matcher("dev.ollamaperf.benchmarks.cache.CacheBenchmark.get_hit")
                        .find())
                .isTrue();
        assertThat(include.matcher("dev.ollamaperf.benchmarks.cache.CacheBenchmark.get_hitFromFourThreads")
                        .find())
                .isFalse();
        assertThat(include.matcher("dev.ollamaperf.benchmarks.cache.XCacheBenchmark.get_hit")
                        .find())
                .isFalse();
    }

    @Test
    void of_serverMetricOrInvalidRun_unconfirmable() {
        RerunPlan plan = RerunPlan.of(
                List.of("server.llama3.2:latest.memory.bytes", "load.soak.errors.ratio", "load.steady.errors.ratio"),
                List.of("achieved 8 rps of target 10"));

        assertThat(plan.lines())
                .containsExactly(
                        "checks 3",
                        "load steady",
                        "unconfirmable run is INVALID: achieved 8 rps of target 10",
                        "unconfirmable server.llama3.2:latest.memory.bytes: not measured by the JMH suite or the gate's load scenarios",
                        "unconfirmable load.soak.errors.ratio: not measured by the JMH suite or the gate's load scenarios");
        assertThat(plan.confirmable()).isFalse();
    }

    @Test
    void of_pairedRunMetrics_directPathAndIntegrationRerunTheirScenario() {
        RerunPlan plan = RerunPlan.of(
                List.of(
                        "load.steady_direct.llama3.2:latest.ttft.p95",
                        "load.steady.llama3.2:latest.added.ttft.p50",
                        "load.steady.integration.heap_slope",
                        "load.arrival_direct.errors.ratio",
                        "load.cache_hit.integration.cache.hit.ratio",
                        "load.cache_miss.m.ttft.p50",
                        "load.compare_direct.m.ttft.p50"),
                List.of());

        assertThat(plan.scenarios()).containsExactly("steady", "arrival", "cache");
        assertThat(plan.unconfirmable())
                .containsExactly(
                        "load.compare_direct.m.ttft.p50: not measured by the JMH suite or the gate's load scenarios");
    }

    @Test
    void of_fallbackAndSessionMetrics_rerunTheirScenarios() {
        // both are gate scenarios (--scenarios fallback,session); a failure of theirs left unconfirmed was final
        RerunPlan plan = RerunPlan.of(
                List.of(
                        "load.fallback.llama3.2:latest.added.ttft.p50",
                        "load.fallback_direct.llama3.2:latest.ttft.p95",
                        "load.session.llama3.2:latest.turn2.ttft.p50"),
                List.of());

        assertThat(plan.scenarios()).containsExactly("fallback", "session");
        assertThat(plan.confirmable()).isTrue();
    }

    @Test
    void of_nothingFailed_checks0AndNotConfirmable() {
        RerunPlan plan = RerunPlan.of(List.of(), List.of());

        assertThat(plan.lines()).containsExactly("checks 0");
        assertThat(plan.confirmable()).isFalse();
    }

    @Test
    void benchmark_malformedJmhName_isNotABenchmark() {
        assertThat(RerunPlan.benchmark("jmh.alloc")).isEmpty();
        assertThat(RerunPlan.benchmark("jmh.A.b.c.alloc")).isEmpty();
        assertThat(RerunPlan.benchmark("jmh.A.b.time")).contains("A.b");
    }
}
