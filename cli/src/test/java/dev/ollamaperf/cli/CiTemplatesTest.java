package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CI files of the repository parse and run the gate with {@code --ci}: the composite action
 * scripts/ci/github/action.yml, the GitLab template scripts/ci/gitlab/perf-gate.gitlab-ci.yml, and the example jobs in
 * cli/README.md; their outputs and report paths are the ones {@link CiOutputs} writes.
 */
final class CiTemplatesTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    private static final Path ROOT = Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .normalize()
            .getParent();

    @Test
    void githubAction_runsTheGateWithCiGithubAndPassesItsOutputsOn() throws IOException {
        JsonNode action =
                YAML.readTree(ROOT.resolve("scripts/ci/github/action.yml").toFile());

        assertThat(action.path("runs").path("using").asText()).isEqualTo("composite");
        JsonNode gate = step(action.path("runs").path("steps"), "gate");
        assertThat(gate.path("run").asText()).startsWith("scripts/perf gate --ci github --run \"$PERF_RUN\"");
        assertThat(gate.path("shell").asText()).isEqualTo("bash");
        for (String output : List.of("verdict", "exit-code", "report", "summary")) {
            assertThat(action.path("outputs").path(output).path("value").asText())
                    .isEqualTo("${{ steps.gate.outputs." + output + " }}");
        }
        JsonNode upload = uses(action.path("runs").path("steps"), "actions/upload-artifact@");
        assertThat(upload.path("uses").asText()).startsWith("actions/upload-artifact@");
        assertThat(upload.path("if").asText()).isEqualTo("always()");
        assertThat(upload.path("with").path("path").asText()).isEqualTo("${{ inputs.run }}");
        assertThat(action.path("inputs").path("java-version").path("default").asText())
                .isEqualTo("17");
    }

    @Test
    void githubAction_restoresTheHistoryBeforeTheGateAndSavesItAfterEvenOnFailure() throws IOException {
        JsonNode action =
                YAML.readTree(ROOT.resolve("scripts/ci/github/action.yml").toFile());
        JsonNode steps = action.path("runs").path("steps");
        List<String> ids = new ArrayList<>();
        steps.forEach(s -> ids.add(s.path("id").asText()));

        assertThat(ids).containsSubsequence("history-key", "history-restore", "gate", "history-save", "comment");
        JsonNode key = step(steps, "history-key");
        assertThat(key.path("run").asText())
                .contains("$GITHUB_ACTION_PATH/history-key.sh")
                .contains("$GITHUB_OUTPUT");
        assertThat(key.path("env").path("PERF_DEFAULT_BRANCH").asText()).isEqualTo("${{ inputs.default-branch }}");
        JsonNode restore = step(steps, "history-restore");
        JsonNode save = step(steps, "history-save");
        assertThat(restore.path("uses").asText()).isEqualTo("actions/cache/restore@v4");
        assertThat(save.path("uses").asText()).isEqualTo("actions/cache/save@v4");
        assertThat(save.path("if").asText()).isEqualTo("always()");
        assertThat(restore.path("with").path("key").asText()).isEqualTo("${{ steps.history-key.outputs.key }}");
        assertThat(save.path("with").path("key").asText()).isEqualTo("${{ steps.history-key.outputs.key }}");
        assertThat(restore.path("with").path("restore-keys").asText())
                .isEqualTo("${{ steps.history-key.outputs.restore-keys }}");
        assertThat(restore.path("with").path("path").asText()).isEqualTo("${{ inputs.history }}");
        assertThat(save.path("with").path("path").asText()).isEqualTo("${{ inputs.history }}");

        JsonNode gate = step(steps, "gate");
        assertThat(gate.path("run").asText()).contains("--history \"$PERF_HISTORY\"");
        assertThat(gate.path("env").path("PERF_HISTORY").asText()).isEqualTo("${{ inputs.history }}");
        assertThat(action.path("inputs").path("history").path("default").asText())
                .isEqualTo("target/perf/history.db");
    }

    @Test
    void githubAction_commentsOnPullRequestsOnlyWithTheMarker() throws IOException {
        JsonNode action =
                YAML.readTree(ROOT.resolve("scripts/ci/github/action.yml").toFile());
        JsonNode comment = step(action.path("runs").path("steps"), "comment");

        assertThat(comment.path("if").asText())
                .startsWith("always() && ")
                .contains("github.event_name == 'pull_request'");
        assertThat(comment.path("env").path("GH_TOKEN").asText()).isEqualTo("${{ inputs.token }}");
        assertThat(action.path("inputs").path("token").path("default").asText()).isEqualTo("${{ github.token }}");
        assertThat(comment.path("env").path("PR_NUMBER").asText()).isEqualTo("${{ github.event.pull_request.number }}");
        assertThat(comment.path("run").asText())
                .contains("$GITHUB_ACTION_PATH/pr-comment.sh")
                .contains("$GITHUB_ACTION_PATH/pr-comment-post.sh");
        assertThat(Files.readString(ROOT.resolve("scripts/ci/github/pr-comment-post.sh")))
                .contains("<!-- ollama-perf-gate -->");
        assertThat(Files.readString(ROOT.resolve("scripts/ci/github/action.yml")))
                .contains("pull-requests: write");
    }

    @Test
    void gitlabTemplate_cachesTheHistoryPerBranchFallingBackToTheDefaultBranch() throws IOException {
        JsonNode job = YAML.readTree(ROOT.resolve("scripts/ci/gitlab/perf-gate.gitlab-ci.yml")
                        .toFile())
                .path(".perf-gate");
        JsonNode cache = job.path("cache");

        assertThat(cache.path("key").asText()).isEqualTo("perf-history-$CI_COMMIT_REF_SLUG");
        assertThat(cache.path("fallback_keys").get(0).asText()).isEqualTo("perf-history-$CI_DEFAULT_BRANCH");
        assertThat(cache.path("when").asText()).isEqualTo("always");
        String history = cache.path("paths").get(0).asText();
        assertThat(history).isEqualTo("target/perf/history.db");
        assertThat(job.path("script").get(0).asText()).contains("--history " + history + " ");
    }

    @Test
    void gitlabTemplate_runsTheGateWithCiGitlabAndReportsItsFiles() throws IOException {
        JsonNode job = YAML.readTree(ROOT.resolve("scripts/ci/gitlab/perf-gate.gitlab-ci.yml")
                        .toFile())
                .path(".perf-gate");

        assertThat(job.path("script").get(0).asText())
                .startsWith("scripts/perf gate --ci gitlab --run target/perf/ci-run");
        gitlabArtifacts(job.path("artifacts"), "target/perf/ci-run");
    }

    @Test
    void readmeExamples_parseAndUseTheFilesCiWrites() throws IOException {
        List<JsonNode> examples = new ArrayList<>();
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(ROOT.resolve("cli/README.md")));
        while (m.find()) {
            examples.add(YAML.readTree(m.group(1)));
        }
        assertThat(examples).hasSize(2);

        JsonNode github = examples.get(0).path("jobs").path("perf-gate").path("steps");
        assertThat(step(github, "gate").path("run").asText())
                .isEqualTo("scripts/perf gate --ci github --run target/perf/ci-run");
        assertThat(github.findValuesAsText("java-version")).containsExactly("17");
        assertThat(github.get(3).path("with").path("path").asText()).isEqualTo("target/perf/ci-run");

        JsonNode gitlab = examples.get(1).path("perf-gate");
        assertThat(gitlab.path("script").get(0).asText())
                .isEqualTo("scripts/perf gate --ci gitlab --run target/perf/ci-run");
        gitlabArtifacts(gitlab.path("artifacts"), "target/perf/ci-run");
    }

    private static void gitlabArtifacts(JsonNode artifacts, String run) {
        assertThat(artifacts.path("when").asText()).isEqualTo("always");
        assertThat(artifacts.path("paths").get(0).asText()).isEqualTo(run + "/");
        assertThat(artifacts.path("reports").path("codequality").asText())
                .isEqualTo(run + "/" + CiOutputs.CODE_QUALITY);
        assertThat(artifacts.path("reports").path("dotenv").asText()).isEqualTo(run + "/" + CiOutputs.DOTENV);
    }

    private static JsonNode uses(JsonNode steps, String prefix) {
        for (JsonNode step : steps) {
            if (step.path("uses").asText().startsWith(prefix)) {
                return step;
            }
        }
        throw new AssertionError("no step uses '" + prefix + "' in " + steps);
    }

    private static JsonNode step(JsonNode steps, String id) {
        for (JsonNode step : steps) {
            if (step.path("id").asText().equals(id)) {
                return step;
            }
        }
        throw new AssertionError("no step with id '" + id + "' in " + steps);
    }
}
