package dev.ollamaperf.reports.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.budget.BudgetResult.Outcome;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Unit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The project's own {@code perf-budgets.yaml} (at the repository root) against the JMH suite's metric names:
 * its budgets gate our code and leave the peer libraries' rows, measured for comparison, unbudgeted.
 */
@Timeout(30)
final class ShippedBudgetsTest {

    private static final Path SHIPPED = Path.of("../perf-budgets.yaml");

    /** Peer rows with the parameters in another order than the suite's results.json has them today. */
    private static final List<String> REORDERED_PEERS = List.of(
            "jmh.ChatEncodeBenchmark.encode_chatRequest[messages=50,encoder=OLLAMA4J]",
            "jmh.ClientCallBenchmark.chat_streaming[tokens=16,client=LANGCHAIN4J]",
            "jmh.ClientCallBenchmark.chat_streaming[tokens=256,client=JACKSON]");

    @Test
    void parse_shippedBudgets_noRuleSelectsAPeerLibraryRow() {
        BudgetFile budgets = new BudgetParser().parse(SHIPPED);
        List<String> peers = new ArrayList<>(BenchmarkNames.metrics(BenchmarkNames.PEERS));
        peers.addAll(BenchmarkNames.metrics(REORDERED_PEERS));

        for (BudgetRule rule : budgets.rules()) {
            assertThat(peers)
                    .as("peer rows selected by rule '%s' (line %d)", rule.selector(), rule.line())
                    .noneMatch(rule::selects);
        }
    }

    @Test
    void parse_shippedBudgets_jmhRulesSelectEveryRowOfOurs() {
        BudgetFile budgets = new BudgetParser().parse(SHIPPED);

        for (String ours : BenchmarkNames.metrics(BenchmarkNames.OURS)) {
            assertThat(budgets.rules())
                    .as("tolerance rules selecting %s", ours)
                    .filteredOn(r -> r.selects(ours) && r.relative().isPresent())
                    .hasSize(1);
        }
        assertThat(budgets.rules())
                .filteredOn(r -> r.selector().pattern().startsWith("jmh.*.")
                        && r.relative().isPresent())
                .as("the suite-wide JMH tolerance rules, which leave the peers out")
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.excludes()).isNotEmpty());
        // Failing time checks only where a per-line or per-token cost drives one of issue 15's capacity numbers.
        assertThat(BenchmarkNames.metrics(BenchmarkNames.OURS))
                .as("rows of ours whose time rise fails the gate")
                .filteredOn(name -> name.endsWith(".time")
                        && budgets.rules().stream()
                                .anyMatch(r ->
                                        r.selects(name) && r.relative().isPresent() && r.severity() == Severity.FAIL))
                .containsExactlyInAnyOrder(
                        "jmh.NdjsonDecodeBenchmark.decode_perChunk_512tokens[decoder=OURS_SCANNED].time",
                        "jmh.NdjsonDecodeBenchmark.decode_perChunk_64tokens[decoder=OURS_SCANNED].time",
                        "jmh.StreamLineBenchmark.read_chatLine[reader=OURS].time",
                        "jmh.EmulatorTokenBenchmark.emit_activeSlots[slots=1].time",
                        "jmh.EmulatorTokenBenchmark.emit_activeSlots[slots=1000].time");
        // Absolute JMH limits only where the bytes are a target of their own (issue 15: one streamed call, the
        // cache's costs, the harness's line).
        assertThat(BenchmarkNames.metrics(BenchmarkNames.OURS))
                .as("rows of ours with an absolute JMH limit")
                .filteredOn(name -> budgets.rules().stream()
                        .anyMatch(r -> r.selects(name) && r.absolute().isPresent()))
                .containsExactlyInAnyOrder(
                        "jmh.CacheHookBenchmark.key_chatRequest[messages=50].alloc",
                        "jmh.CacheHookBenchmark.key_nextTurn[messages=50].alloc",
                        "jmh.CacheHookBenchmark.lookup_uncacheable[messages=1].alloc",
                        "jmh.CacheHookBenchmark.lookup_uncacheable[messages=50].alloc",
                        "jmh.CacheReplayBenchmark.chat_hitReplayedAsStream[tokens=256].alloc",
                        "jmh.ClientCallBenchmark.chat_streaming[client=OURS,tokens=16].alloc",
                        "jmh.ClientCallBenchmark.chat_streaming[client=OURS,tokens=256].alloc",
                        "jmh.StreamLineBenchmark.read_chatLine[reader=OURS].alloc");
    }

    @Test
    void check_shippedClientCallAllocationLimits_theCallBeforeTheCutsFailsAfterPassesSmokeModeSkips() {
        BudgetFile budgets = new BudgetParser().parse(SHIPPED);
        String at16 = "jmh.ClientCallBenchmark.chat_streaming[client=OURS,tokens=16].alloc";
        String at256 = "jmh.ClientCallBenchmark.chat_streaming[client=OURS,tokens=256].alloc";

        // B/op measured on 2026-12-07 (docs/measurements/2026-12-07-client-call-lean-floor.md).
        assertThat(limitOutcomes(budgets, Map.of(), List.of(Map.entry(at16, 15_817.0), Map.entry(at256, 77_553.0))))
                .containsExactly(Outcome.FAIL, Outcome.FAIL);
        assertThat(limitOutcomes(budgets, Map.of(), List.of(Map.entry(at16, 12_487.0), Map.entry(at256, 25_972.0))))
                .containsExactly(Outcome.PASS, Outcome.PASS);
        assertThat(limitOutcomes(
                        budgets,
                        Map.of(BudgetChecker.BENCH_MODE, "smoke"),
                        List.of(Map.entry(at16, 603_420.0), Map.entry(at256, 1_298_260.0))))
                .as("a gate whose JMH ran in smoke mode: every benchmark once, cold")
                .containsExactly(Outcome.SKIPPED, Outcome.SKIPPED);
    }

    @Test
    void check_shippedCacheAllocationLimits_theHookBeforeItsCutsFailsAfterPasses() {
        BudgetFile budgets = new BudgetParser().parse(SHIPPED);
        String lookup = "jmh.CacheHookBenchmark.lookup_uncacheable[messages=50].alloc";
        String key = "jmh.CacheHookBenchmark.key_chatRequest[messages=50].alloc";
        String nextTurn = "jmh.CacheHookBenchmark.key_nextTurn[messages=50].alloc";
        String replay = "jmh.CacheReplayBenchmark.chat_hitReplayedAsStream[tokens=256].alloc";

        // Before and after the cache's cost cuts (docs/measurements/2026-12-07-cache-cost.md); the next turn
        // without and with the remembered message digests (docs/measurements/2026-12-07-cache-key-per-message.md).
        assertThat(limitOutcomes(
                        budgets,
                        Map.of(),
                        List.of(
                                Map.entry(lookup, 101_755.0),
                                Map.entry(key, 110_037.0),
                                Map.entry(nextTurn, 15_490.0),
                                Map.entry(replay, 244_877.0))))
                .containsExactly(Outcome.FAIL, Outcome.FAIL, Outcome.FAIL, Outcome.FAIL);
        assertThat(limitOutcomes(
                        budgets,
                        Map.of(),
                        List.of(
                                Map.entry(lookup, 0.0),
                                Map.entry(key, 15_490.0),
                                Map.entry(nextTurn, 6_286.0),
                                Map.entry(replay, 40_286.0))))
                .containsExactly(Outcome.PASS, Outcome.PASS, Outcome.PASS, Outcome.PASS);
    }

    /**
     * The outcomes of the absolute limits on {@code allocs}' metrics, in their order, in a run of the whole suite
     * whose other rows are ordinary and whose {@code allocs} rows allocate the given B/op.
     */
    private static List<Outcome> limitOutcomes(
            BudgetFile budgets, Map<String, String> environment, List<Map.Entry<String, Double>> allocs) {
        Map<String, Double> bytes = Map.ofEntries(allocs.toArray(Map.Entry[]::new));
        List<Metric> metrics = new ArrayList<>();
        for (String name : BenchmarkNames.metrics(BenchmarkNames.OURS)) {
            metrics.add(bytes.containsKey(name) ? alloc(name, bytes.get(name)) : jmh(name));
        }
        RunResult run = new RunResult("suite", Instant.EPOCH, environment, metrics, RunStatus.VALID, List.of());
        List<BudgetResult> limits = new BudgetChecker()
                .check(budgets, run, null).stream()
                        .filter(r -> r.check() == BudgetResult.Check.LIMIT)
                        .toList();
        List<Outcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, Double> entry : allocs) {
            limits.stream().filter(r -> r.metric().equals(entry.getKey())).forEach(r -> outcomes.add(r.outcome()));
        }
        return outcomes;
    }

    private static Metric alloc(String name, double bytesPerOp) {
        return Metric.of(name, Unit.BYTES_PER_OP, Direction.LOWER_IS_BETTER, bytesPerOp, "jmh");
    }

    @Test
    void check_shippedBudgetsOnTheWholeSuite_checksOurRowsOnly() {
        BudgetFile budgets = new BudgetParser().parse(SHIPPED);
        List<Metric> metrics = new ArrayList<>();
        for (String name : BenchmarkNames.metrics(BenchmarkNames.OURS)) {
            metrics.add(jmh(name));
        }
        for (String name : BenchmarkNames.metrics(BenchmarkNames.PEERS)) {
            metrics.add(jmh(name));
        }
        metrics.add(Metric.of(
                "load.arrival.llama3.2:latest.ttft.p95", Unit.MILLISECONDS, Direction.LOWER_IS_BETTER, 420, "load"));
        metrics.add(Metric.of("load.arrival.errors.ratio", Unit.RATIO, Direction.LOWER_IS_BETTER, 0, "load"));
        metrics.add(Metric.of("load.steady.errors.ratio", Unit.RATIO, Direction.LOWER_IS_BETTER, 0, "load"));
        RunResult run = new RunResult("suite", Instant.EPOCH, Map.of(), metrics, RunStatus.VALID, List.of());

        List<BudgetResult> results = new BudgetChecker().check(budgets, run, null);

        assertThat(results)
                .filteredOn(r -> r.check() == BudgetResult.Check.TOLERANCE)
                .extracting(BudgetResult::metric)
                .filteredOn(m -> m.startsWith("jmh."))
                .containsExactlyInAnyOrderElementsOf(BenchmarkNames.metrics(BenchmarkNames.OURS))
                .doesNotContainAnyElementsOf(BenchmarkNames.metrics(BenchmarkNames.PEERS));
        assertThat(budgets.toleranceFor("jmh.ClientCallBenchmark.chat_streaming[client=OURS,tokens=16].time"))
                .isEqualTo(0.25);
        assertThat(budgets.toleranceFor("jmh.ClientCallBenchmark.chat_streaming[client=OLLAMA4J,tokens=16].time"))
                .as("a peer row gets the file's default tolerance, not the rule's")
                .isEqualTo(budgets.defaultTolerance());
    }

    @Test
    void check_shippedFairnessBudget_halfTheUsersStarvedFailsServiceAlikePasses() {
        BudgetFile budgets = new BudgetParser().parse(SHIPPED);
        String jain = "load.steady.integration.fairness.jain";

        assertThat(outcome(budgets, Metric.of(jain, Unit.RATIO, Direction.HIGHER_IS_BETTER, 0.5, "load"), jain))
                .isEqualTo(BudgetResult.Outcome.FAIL);
        assertThat(outcome(budgets, Metric.of(jain, Unit.RATIO, Direction.HIGHER_IS_BETTER, 0.98, "load"), jain))
                .isEqualTo(BudgetResult.Outcome.PASS);
    }

    @Test
    void check_shippedFallbackBudget_unansweredRequestsFail() {
        BudgetFile budgets = new BudgetParser().parse(SHIPPED);
        String errors = "load.fallback.errors.ratio";

        assertThat(outcome(budgets, Metric.of(errors, Unit.RATIO, Direction.LOWER_IS_BETTER, 1.0, "load"), errors))
                .isEqualTo(BudgetResult.Outcome.FAIL);
        assertThat(outcome(budgets, Metric.of(errors, Unit.RATIO, Direction.LOWER_IS_BETTER, 0, "load"), errors))
                .isEqualTo(BudgetResult.Outcome.PASS);
    }

    /** The outcome of {@code name}'s check in a run of {@code metric} and the scenario's required errors ratio. */
    private static BudgetResult.Outcome outcome(BudgetFile budgets, Metric metric, String name) {
        String scenario = name.substring(0, name.indexOf('.', "load.".length()));
        List<Metric> metrics = new ArrayList<>(List.of(metric));
        if (!name.equals(scenario + ".errors.ratio")) {
            metrics.add(Metric.of(scenario + ".errors.ratio", Unit.RATIO, Direction.LOWER_IS_BETTER, 0, "load"));
        }
        RunResult run = new RunResult("r", Instant.EPOCH, Map.of(), metrics, RunStatus.VALID, List.of());
        return new BudgetChecker()
                .check(budgets, run, null).stream()
                        .filter(r -> r.metric().equals(name))
                        .findFirst()
                        .orElseThrow()
                        .outcome();
    }

    private static Metric jmh(String name) {
        return name.endsWith(".alloc")
                ? Metric.of(name, Unit.BYTES_PER_OP, Direction.LOWER_IS_BETTER, 512, "jmh")
                : Metric.of(name, Unit.NANOSECONDS_PER_OP, Direction.LOWER_IS_BETTER, 1200, "jmh");
    }
}
