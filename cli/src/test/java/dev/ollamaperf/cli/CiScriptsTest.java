package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell steps of the composite action scripts/ci/github/action.yml, run with bash in a fake GitHub Actions
 * environment (temporary GITHUB_OUTPUT, RUNNER_TEMP, a fake {@code gh} on the PATH): the history cache key and
 * restore keys, the pull request comment built from a summary.md, and its create-or-update.
 */
final class CiScriptsTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    private static final Path ROOT = Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .normalize()
            .getParent();

    private static final Path SCRIPTS = ROOT.resolve("scripts/ci/github");

    private static final String MARKER = "<!-- ollama-perf-gate -->";

    @TempDir
    Path tmp;

    @Test
    void historyKey_pushToTheDefaultBranch_restoresOnlyItsOwnHistory() throws Exception {
        Map<String, String> out = historyKeyStep(Map.of("GITHUB_REF_NAME", "main", "PERF_DEFAULT_BRANCH", "main"));

        assertThat(out.get("key")).isEqualTo("perf-history/Linux-X64-m1/main/42-2");
        assertThat(out.get("restore-keys")).isEqualTo("perf-history/Linux-X64-m1/main/");
    }

    @Test
    void historyKey_pullRequest_usesTheHeadBranchThenFallsBackToTheBaseBranch() throws Exception {
        Map<String, String> out = historyKeyStep(Map.of(
                "GITHUB_REF_NAME", "7/merge",
                "GITHUB_HEAD_REF", "feature/x,y",
                "GITHUB_BASE_REF", "release",
                "PERF_DEFAULT_BRANCH", "main"));

        assertThat(out.get("key")).isEqualTo("perf-history/Linux-X64-m1/feature%2Fx%2Cy/42-2");
        assertThat(out.get("restore-keys"))
                .isEqualTo("perf-history/Linux-X64-m1/feature%2Fx%2Cy/\nperf-history/Linux-X64-m1/release/");
    }

    @Test
    void historyKey_pushToAnotherBranch_fallsBackToTheDefaultBranch() throws Exception {
        Map<String, String> out = historyKeyStep(Map.of("GITHUB_REF_NAME", "topic", "PERF_DEFAULT_BRANCH", "main"));

        assertThat(out.get("restore-keys"))
                .isEqualTo("perf-history/Linux-X64-m1/topic/\nperf-history/Linux-X64-m1/main/");
    }

    @Test
    void historyKey_computesAStableMachineFingerprintInShell() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("GITHUB_REF_NAME", "main", "RUNNER_OS", "Linux"));
        env.put("RUNNER_ARCH", "X64");
        String first = run(List.of(SCRIPTS.resolve("history-key.sh").toString()), env);
        String second = run(List.of(SCRIPTS.resolve("history-key.sh").toString()), env);

        assertThat(first).isEqualTo(second).matches("(?s)key=perf-history/Linux-X64-[0-9a-f]{12}/main/0-1\n.*");
    }

    @Test
    void comment_fromSummary_hasTheMarkerTheVerdictAndTheFirstFailingLines() throws Exception {
        Path summary = summary(3, 50);
        String body = commentStep(summary, "2", "", new ArrayList<>());

        assertThat(body).startsWith(MARKER + "\n### Performance gate: FAIL\n");
        assertThat(body)
                .contains("| Result | Metric | Check | Measured | Rule |")
                .contains("| FAIL | `m0` |")
                .contains("| FAIL | `m1` |")
                .doesNotContain("| FAIL | `m2` |")
                .doesNotContain("| PASS |")
                .contains("(1 more failing budgets in the job summary)")
                .contains("Top regressions against `r1`:")
                .contains("| `m0` | 1000 ms | 2000 ms |")
                .doesNotContain("| `m2` |")
                .contains("[Job summary and run folder](https://github.example/o/r/actions/runs/42)");
    }

    @Test
    void comment_isBoundedInLength() throws Exception {
        String body = commentStep(summary(500, 5000), "999", "", new ArrayList<>());

        assertThat(body.lines().filter(l -> l.startsWith("| FAIL |"))).hasSize(20);
        assertThat(body.lines()).allMatch(l -> l.length() <= 400);
        assertThat(body.length()).isLessThan(20_000);
    }

    @Test
    void comment_withoutSummary_givesTheVerdictAndExitCode() throws Exception {
        String body = commentStep(tmp.resolve("missing.md"), "5", "", new ArrayList<>());

        assertThat(body).startsWith(MARKER + "\n### Performance gate: ERROR\n").contains("exit code 3");
    }

    @Test
    void comment_updatesTheMarkedCommentWhenThereIsOne() throws Exception {
        List<String> calls = new ArrayList<>();
        commentStep(summary(1, 1), "5", "123", calls);

        assertThat(calls).hasSize(2);
        assertThat(calls.get(0))
                .startsWith("api --paginate repos/o/r/issues/7/comments --jq ")
                .contains(MARKER);
        assertThat(calls.get(1))
                .isEqualTo(
                        "api --method PATCH repos/o/r/issues/comments/123 -F body=@" + tmp.resolve("perf-comment.md"));
    }

    @Test
    void comment_postsANewCommentWhenThereIsNone() throws Exception {
        List<String> calls = new ArrayList<>();
        commentStep(summary(1, 1), "5", "", calls);

        assertThat(calls.get(1))
                .isEqualTo("api --method POST repos/o/r/issues/7/comments -F body=@" + tmp.resolve("perf-comment.md"));
    }

    /** Runs the action's history-key step; returns what it appended to GITHUB_OUTPUT. */
    private Map<String, String> historyKeyStep(Map<String, String> github) throws Exception {
        Path output = tmp.resolve("github_output");
        Map<String, String> env = new HashMap<>(github);
        env.put("RUNNER_OS", "Linux");
        env.put("RUNNER_ARCH", "X64");
        env.put("GITHUB_RUN_ID", "42");
        env.put("GITHUB_RUN_ATTEMPT", "2");
        env.put("PERF_MACHINE_FINGERPRINT", "m1");
        env.put("GITHUB_OUTPUT", output.toString());
        env.put("GITHUB_ACTION_PATH", SCRIPTS.toString());
        run(List.of("bash", "-e", "-c", actionStep("history-key").path("run").asText()), env);
        return outputs(Files.readString(output));
    }

    /** Runs the action's comment step with a fake gh that lists comment {@code existing}; returns the body. */
    private String commentStep(Path summary, String top, String existing, List<String> calls) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path log = tmp.resolve("gh.log");
        Path gh = bin.resolve("gh");
        Files.writeString(
                gh,
                "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >> \"$FAKE_GH_LOG\"\n"
                        + "if [[ \"$2\" == --paginate ]]; then printf '%s' \"$FAKE_GH_ID\"; fi\n");
        Files.setPosixFilePermissions(
                gh,
                Set.of(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("FAKE_GH_LOG", log.toString());
        env.put("FAKE_GH_ID", existing);
        env.put("GITHUB_ACTION_PATH", SCRIPTS.toString());
        env.put("RUNNER_TEMP", tmp.toString());
        env.put("GITHUB_SERVER_URL", "https://github.example");
        env.put("GITHUB_REPOSITORY", "o/r");
        env.put("GITHUB_RUN_ID", "42");
        env.put("GH_TOKEN", "fake");
        env.put("PERF_SUMMARY", summary.toString());
        env.put("PERF_VERDICT", Files.exists(summary) ? "FAIL" : "ERROR");
        env.put("PERF_EXIT_CODE", Files.exists(summary) ? "1" : "3");
        env.put("PERF_TOP", top);
        env.put("PR_NUMBER", "7");
        run(List.of("bash", "-e", "-c", actionStep("comment").path("run").asText()), env);
        calls.addAll(Files.readAllLines(log));
        return Files.readString(tmp.resolve("perf-comment.md"));
    }

    /** A summary.md as MarkdownRenderer writes it: {@code fails} failing budgets, each row padded to {@code width}. */
    private Path summary(int fails, int width) throws IOException {
        StringBuilder s = new StringBuilder("# Performance gate: FAIL\n\n| | |\n|---|---|\n| Run | `r2` (t) |\n");
        s.append("| Exit code | 1 |\n\n## Why\n\n- budget broken\n\n## Budgets\n\n");
        s.append("| Result | Metric | Check | Measured | Rule |\n|---|---|---|---|---|\n");
        s.append("| PASS | `ok` | limit | 1 ms | perf-budgets.yaml:2 |\n");
        for (int i = 0; i < fails; i++) {
            s.append("| FAIL | `m")
                    .append(i)
                    .append("` | limit | ")
                    .append("9".repeat(width))
                    .append(" ms > 1500 ms | perf-budgets.yaml:")
                    .append(3 + i)
                    .append(" |\n");
        }
        s.append("\n## Top regressions against `r1`\n\n");
        s.append("| Metric | Baseline | Now | Change | Change interval | Tolerance |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < Math.max(fails, 3); i++) {
            s.append("| `m").append(i).append("` | 1000 ms | 2000 ms | +100% | exact | 5% |\n");
        }
        s.append("\nComparison: regressed ").append(fails).append('\n');
        return Files.writeString(tmp.resolve("summary.md"), s.toString());
    }

    private static JsonNode actionStep(String id) throws IOException {
        for (JsonNode step : YAML.readTree(SCRIPTS.resolve("action.yml").toFile())
                .path("runs")
                .path("steps")) {
            if (step.path("id").asText().equals(id)) {
                return step;
            }
        }
        throw new AssertionError("no step " + id);
    }

    /** GITHUB_OUTPUT lines, {@code name=value} and {@code name<<EOF ... EOF}. */
    private static Map<String, String> outputs(String text) {
        Map<String, String> out = new HashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int heredoc = line.indexOf("<<");
            if (heredoc > 0) {
                String end = line.substring(heredoc + 2);
                List<String> value = new ArrayList<>();
                while (!lines.get(++i).equals(end)) {
                    value.add(lines.get(i));
                }
                out.put(line.substring(0, heredoc), String.join("\n", value));
            } else {
                out.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return out;
    }

    private String run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true);
        String path = env.getOrDefault("PATH", System.getenv("PATH"));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PATH", path);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
