package dev.ollamaperf.reports.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.reports.metric.Unit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class BudgetParserTest {

    private static final Path FILE = Path.of("perf-budgets.yaml");

    @TempDir
    Path dir;

    @Test
    void parse_emptyBudgetList_failsSayingNothingWouldBeChecked() {
        assertThatThrownBy(() -> new BudgetParser().parse(Path.of("perf-budgets.yaml"), "version: 1\nbudgets: []\n"))
                .isInstanceOf(BudgetException.class)
                .hasMessageStartingWith("perf-budgets.yaml:2: 'budgets' is empty, so nothing would be checked");
    }

    @Test
    void parse_shippedExample_readsEveryRule() {
        BudgetFile file = new BudgetParser().parse(Path.of("budgets.example.yaml"));

        assertThat(file.rules()).hasSize(7);
        assertThat(file.rules().get(6).optional()).isTrue();
        BudgetRule ttft = file.rules().get(0);
        assertThat(ttft.selector().pattern()).isEqualTo("load.steady.*.ttft.p95");
        assertThat(ttft.limit()).isEqualTo(new Limit(Limit.Bound.AT_MOST, 1500, Unit.MILLISECONDS));
        assertThat(ttft.tolerance()).isEqualTo(0.10);
        assertThat(ttft.severity()).isEqualTo(Severity.FAIL);
        assertThat(ttft.line()).isEqualTo(17); // the line of "- select: load.steady.*.ttft.p95"
        assertThat(file.rules().get(1).limit().unit()).isNull();
        assertThat(file.rules().get(2).limit()).isEqualTo(new Limit(Limit.Bound.AT_LEAST, 95, Unit.PERCENT));
        assertThat(file.toleranceFor("jmh.CacheBenchmark.get_memoryHit[payload=1k].alloc"))
                .isEqualTo(0.05);
        assertThat(file.toleranceFor("load.steady.requests")).isEqualTo(0.10);
    }

    @Test
    void parse_unknownUnit_failsNamingFileLineAndUnit() {
        String yaml = "version: 1\nbudgets:\n  - select: a.b\n    limit: <= 3 fortnights\n";

        assertThatThrownBy(() -> new BudgetParser().parse(FILE, yaml))
                .isInstanceOf(BudgetException.class)
                .hasMessageStartingWith("perf-budgets.yaml:4: unknown unit 'fortnights'");
    }

    @Test
    void parse_malformedLimit_failsShowingExpectedShape() {
        String yaml = "version: 1\nbudgets:\n  - select: a.b\n    limit: 1500ms\n";

        assertThatThrownBy(() -> new BudgetParser().parse(FILE, yaml))
                .hasMessageStartingWith("perf-budgets.yaml:4: limit must look like '<= 1500 ms'");
    }

    @Test
    void parse_unknownKey_failsNamingKeyAndLine() {
        String yaml = "version: 1\nbudgets:\n  - select: a.b\n    limit: <= 1 ms\n    severty: warn\n";

        assertThatThrownBy(() -> new BudgetParser().parse(FILE, yaml))
                .hasMessageStartingWith("perf-budgets.yaml:5: unknown key 'severty' in a budget rule");
    }

    @Test
    void parse_ruleWithoutLimitOrTolerance_fails() {
        String yaml = "version: 1\nbudgets:\n  - select: a.b\n    severity: warn\n";

        assertThatThrownBy(() -> new BudgetParser().parse(FILE, yaml))
                .hasMessage("perf-budgets.yaml:3: rule 'a.b' needs a 'limit', a 'tolerance' or both");
    }

    @Test
    void parse_badTolerance_fails() {
        String yaml = "version: 1\nbudgets:\n  - select: a.b\n    tolerance: 0.1\n";

        assertThatThrownBy(() -> new BudgetParser().parse(FILE, yaml))
                .hasMessageStartingWith("perf-budgets.yaml:4: 'tolerance' must be a percentage like +10%");
    }

    @Test
    void parse_invalidYaml_failsWithLine() {
        String yaml = "version: 1\nbudgets:\n  - select: a.b\n   limit: [unclosed\n";

        assertThatThrownBy(() -> new BudgetParser().parse(FILE, yaml))
                .isInstanceOf(BudgetException.class)
                .hasMessageContaining("not valid YAML")
                .satisfies(e -> assertThat(((BudgetException) e).line()).isGreaterThan(0));
    }

    @Test
    void parse_duplicateKey_failsNamingBothLines() {
        String yaml = "version: 1\nbudgets:\n  - select: a.b\n    limit: <= 1 ms\n    limit: <= 2 ms\n";

        assertThatThrownBy(() -> new BudgetParser().parse(FILE, yaml))
                .hasMessage("perf-budgets.yaml:5: key 'limit' appears twice in one mapping (first at line 4)");
    }

    @Test
    void parse_unknownSeverity_fails() {
        String yaml = "version: 1\nbudgets:\n  - select: a.b\n    limit: <= 1 ms\n    severity: block\n";

        assertThatThrownBy(() -> new BudgetParser().parse(FILE, yaml))
                .hasMessage("perf-budgets.yaml:5: 'severity' must be fail or warn, got: 'block'");
    }

    @Test
    void parse_wrongVersion_fails() {
        assertThatThrownBy(() -> new BudgetParser().parse(FILE, "version: 2\nbudgets: []\n"))
                .hasMessage("perf-budgets.yaml:1: 'version' must be 1, got: 2");
    }

    @Test
    void parse_missingFile_failsNamingDefaultLocation() {
        Path missing = dir.resolve("perf-budgets.yaml");

        assertThatThrownBy(() -> new BudgetParser().parse(missing))
                .hasMessageContaining("budget file not found")
                .hasMessageContaining("--budgets");
    }

    @Test
    void parse_shippedExample_jmhRuleExcludesPeerRows() {
        BudgetRule jmh = new BudgetParser()
                .parse(Path.of("budgets.example.yaml"))
                .rules()
                .get(3);

        assertThat(jmh.selector().pattern()).isEqualTo("jmh.*.alloc");
        assertThat(jmh.excludes()).hasSize(6);
        assertThat(jmh.selects("jmh.ClientCallBenchmark.chat_streaming[client=OURS,tokens=16].alloc"))
                .isTrue();
        assertThat(jmh.selects("jmh.ClientCallBenchmark.chat_streaming[client=LANGCHAIN4J,tokens=16].alloc"))
                .isFalse();
        assertThat(jmh.selects("jmh.ClientCallBenchmark.chat_streaming[client=LEAN,tokens=16].alloc"))
                .isFalse();
    }

    @Test
    void parse_excludeList_readsEveryGlobInOrder() {
        String yaml =
                "version: 1\nbudgets:\n  - select: \"jmh.*.alloc\"\n    exclude:\n      - \"jmh.*client=OLLAMA4J*\"\n"
                        + "      - jmh.ResponseDecodeBenchmark.decode_ollama4j[words=50].alloc\n    tolerance: 10%\n";

        BudgetRule rule = new BudgetParser().parse(FILE, yaml).rules().get(0);

        assertThat(rule.excludes())
                .extracting(Selector::pattern)
                .containsExactly(
                        "jmh.*client=OLLAMA4J*", "jmh.ResponseDecodeBenchmark.decode_ollama4j[words=50].alloc");
    }

    @Test
    void parse_excludeOneGlob_readsIt() {
        String yaml =
                "version: 1\nbudgets:\n  - select: \"jmh.*.time\"\n    exclude: \"jmh.*=JACKSON*\"\n    tolerance: 25%\n";

        assertThat(new BudgetParser().parse(FILE, yaml).rules().get(0).excludes())
                .extracting(Selector::pattern)
                .containsExactly("jmh.*=JACKSON*");
    }

    @Test
    void parse_noExclude_excludesNothing() {
        String yaml = "version: 1\nbudgets:\n  - select: \"jmh.*.time\"\n    tolerance: 25%\n";

        BudgetRule rule = new BudgetParser().parse(FILE, yaml).rules().get(0);

        assertThat(rule.excludes()).isEmpty();
        assertThat(rule.selects("jmh.ClientCallBenchmark.chat_streaming[client=JACKSON,tokens=16].time"))
                .isTrue();
    }

    @Test
    void parse_excludeMapping_failsNamingFileRuleAndValue() {
        String yaml = "version: 1\nbudgets:\n  - select: \"jmh.*.alloc\"\n    exclude:\n      client: OLLAMA4J\n"
                + "    tolerance: 10%\n";

        assertThatThrownBy(() -> new BudgetParser().parse(FILE, yaml))
                .isInstanceOf(BudgetException.class)
                .hasMessage("perf-budgets.yaml:5: rule 'jmh.*.alloc': 'exclude' must be a glob or a list of globs "
                        + "(e.g. \"jmh.*client=OLLAMA4J*\"), got: a mapping with keys [client]");
    }

    @Test
    void parse_excludeEmptyList_fails() {
        String yaml = "version: 1\nbudgets:\n  - select: \"jmh.*.alloc\"\n    exclude: []\n    tolerance: 10%\n";

        assertThatThrownBy(() -> new BudgetParser().parse(FILE, yaml))
                .hasMessageStartingWith(
                        "perf-budgets.yaml:4: rule 'jmh.*.alloc': 'exclude' must be a glob or a list of globs")
                .hasMessageEndingWith("got: an empty list");
    }

    @Test
    void parse_excludeBlankOrNestedItem_failsNamingTheItemsLine() {
        String blank = "version: 1\nbudgets:\n  - select: \"jmh.*.alloc\"\n    exclude:\n      - \"jmh.*=JACKSON*\"\n"
                + "      - \"\"\n    tolerance: 10%\n";
        String nested =
                "version: 1\nbudgets:\n  - select: \"jmh.*.alloc\"\n    exclude:\n      - [a, b]\n    tolerance: 10%\n";
        String empty = "version: 1\nbudgets:\n  - select: \"jmh.*.alloc\"\n    exclude:\n    tolerance: 10%\n";

        assertThatThrownBy(() -> new BudgetParser().parse(FILE, blank))
                .hasMessageStartingWith("perf-budgets.yaml:6: ")
                .hasMessageEndingWith("got: ''");
        assertThatThrownBy(() -> new BudgetParser().parse(FILE, nested))
                .hasMessageStartingWith("perf-budgets.yaml:5: ")
                .hasMessageEndingWith("got: a list inside the list");
        assertThatThrownBy(() -> new BudgetParser().parse(FILE, empty))
                .hasMessageStartingWith("perf-budgets.yaml:4: ")
                .hasMessageEndingWith("got: nothing");
    }

    @Test
    void parse_excludeExactNameTheSelectorNeverMatches_failsNamingTheValue() {
        String yaml =
                "version: 1\nbudgets:\n  - select: \"jmh.*.alloc\"\n    exclude: client=OLLAMA4J\n    tolerance: 10%\n";

        assertThatThrownBy(() -> new BudgetParser().parse(FILE, yaml))
                .hasMessageStartingWith(
                        "perf-budgets.yaml:4: rule 'jmh.*.alloc': 'exclude' value 'client=OLLAMA4J' has no "
                                + "wildcard and is not a name the selector matches");
    }

    @Test
    void selector_globStar_matchesDotsAndColons() {
        Selector s = new Selector("load.steady.*.ttft.p95");

        assertThat(s.matches("load.steady.llama3.2:latest.ttft.p95")).isTrue();
        assertThat(s.matches("load.steady.llama3.2:latest.ttft.p99")).isFalse();
        assertThat(new Selector("jmh.*alloc").matches("jmh.CacheBenchmark.get[payload=1k].alloc"))
                .isTrue();
        assertThat(new Selector("a.b").matches("a.bc")).isFalse();
        assertThat(new Selector("a.[x]").matches("a.[x]")).isTrue();
    }
}
