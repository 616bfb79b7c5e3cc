package dev.ollamaperf.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code perf gate --ci SYSTEM} (and {@code perf report --ci SYSTEM}) writes after the gate, for the CI system to show: the run's summary.md
 * as the job summary, one annotation per budget check that did not hold (at the budget file's line of its
 * rule, from results.json, docs/reports-formats.md), and the verdict and report paths as variables for later
 * steps or jobs. Never changes the gate's exit code: what cannot be written is a one-line note on stderr.
 */
final class CiOutputs {

    /** The GitLab code quality report, in the run folder. */
    static final String CODE_QUALITY = "gl-code-quality-report.json";

    /** The GitLab dotenv file, in the run folder. */
    static final String DOTENV = "perf.env";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the reports begin a reason about the run's validity (RunJudge). */
    private static final String INVALID = "run invalid: ";

    /** {@code <file>:<line>: <message>}, as a budget file error begins (BudgetException). */
    private static final Pattern AT_LINE = Pattern.compile("(.+?):(\\d+): (.*)", Pattern.DOTALL);

    private final Context context;
    private final String command;

    /** Outputs of {@code perf <command>}, e.g. {@code gate}, which its notes name. */
    CiOutputs(Context context, String command) {
        this.context = Objects.requireNonNull(context, "context");
        this.command = Objects.requireNonNull(command, "command");
    }

    /**
     * One thing the CI system shows as an error or a warning: a budget check that did not hold (at its rule's
     * line), a budget file the reports could not apply (at the line it names), or why the run is invalid.
     *
     * @param title e.g. {@code load.steady.e2e.p95 limit <= 1 ms}
     * @param check what kind of finding: {@code limit}, {@code tolerance}, {@code budget-file}, {@code run}
     * @param failed an error; otherwise a warning (a warn-severity budget broken, an inconclusive tolerance
     *     check, or a failure a confirmation rerun did not repeat)
     * @param message what was compared with what, or what is wrong
     * @param line the line in the budget file, 0 when the finding is not about a line of it
     */
    record Finding(String title, String check, boolean failed, String message, int line) {

        /** Whether it points at the budget file. */
        boolean inBudgetFile() {
            return line > 0;
        }
    }

    /**
     * Writes what {@code system} understands for the gate run in {@code run}.
     *
     * @param budgets the budget file, or {@code null}: the one results.json names, if any
     * @param exit the gate's exit code
     */
    void publish(CiSystem system, Path run, Path budgets, ExitCode exit) {
        if (system == CiSystem.PLAIN) {
            return;
        }
        try {
            Path results = run.resolve("results.json");
            List<Finding> findings = findings(results);
            Path file = budgets;
            if (file == null && Files.isRegularFile(results)) {
                String named =
                        JSON.readTree(results.toFile()).path("budget_file").asText("");
                file = named.isEmpty() ? null : Context.absolute(Path.of(named));
            }
            if (system == CiSystem.GITHUB) {
                github(run, file, exit, findings);
            } else {
                gitlab(run, file, exit, findings);
            }
        } catch (IOException | RuntimeException e) {
            note(system, "could not write its files (" + e + "); the exit code stays " + exit.code());
        }
    }

    /** {@code PASS} for exit 0, {@code FAIL} for 1, {@code ERROR} for any other exit. */
    static String verdict(ExitCode exit) {
        return switch (exit) {
            case PASS -> "PASS";
            case FAIL -> "FAIL";
            default -> "ERROR";
        };
    }

    /**
     * What results.json says did not hold, in rule order: the budget checks, then why the run is invalid or
     * why the budget file could not be applied; none when there is no results.json.
     */
    static List<Finding> findings(Path results) throws IOException {
        if (!Files.isRegularFile(results)) {
            return List.of();
        }
        JsonNode root = JSON.readTree(results.toFile());
        List<Finding> findings = new ArrayList<>();
        for (JsonNode b : root.path("budgets")) {
            String outcome = b.path("outcome").asText();
            if (!outcome.equals("FAIL") && !outcome.equals("WARN")) {
                continue;
            }
            String check = b.path("check").asText().toLowerCase(Locale.ROOT);
            JsonNode rule = b.path("rule");
            String written = check.equals("limit")
                    ? rule.path("limit").asText("")
                    : rule.path("tolerance").isNumber() ? rule.path("tolerance").asText() : "";
            findings.add(new Finding(
                    b.path("metric").asText() + " " + check + (written.isEmpty() ? "" : " " + written),
                    check,
                    outcome.equals("FAIL"),
                    b.path("message").asText(),
                    Math.max(0, rule.path("line").asInt(0))));
        }
        String budgetFile = root.path("budget_file").asText("");
        boolean error = root.path("verdict").path("outcome").asText().equals("ERROR");
        for (JsonNode r : root.path("verdict").path("reasons")) {
            String reason = r.asText();
            Matcher at = AT_LINE.matcher(reason);
            if (reason.startsWith(INVALID)) {
                findings.add(new Finding("run invalid", "run", true, reason.substring(INVALID.length()), 0));
            } else if (error
                    && !budgetFile.isEmpty()
                    && at.matches()
                    && at.group(1).equals(budgetFile)) {
                findings.add(
                        new Finding("budget file", "budget-file", true, at.group(3), Integer.parseInt(at.group(2))));
            } else if (error) {
                findings.add(new Finding("verdict ERROR", "run", true, reason, 0));
            }
        }
        return findings;
    }

    private void github(Path run, Path budgets, ExitCode exit, List<Finding> findings) throws IOException {
        Path summary = run.resolve("summary.md");
        Path index = run.resolve("index.html");
        Optional<Path> stepSummary = envFile(CiSystem.GITHUB, "GITHUB_STEP_SUMMARY", "no job summary");
        if (stepSummary.isPresent()) {
            String text = Files.isRegularFile(summary)
                    ? Files.readString(summary, StandardCharsets.UTF_8)
                    : "perf " + command + ": exit " + exit.code() + " (" + exit.meaning()
                            + "); no report was written. Logs: " + run.resolve("logs");
            append(stepSummary.get(), text.endsWith("\n") ? text : text + "\n");
        }
        String file = budgets == null ? null : relativeTo(context.env().get("GITHUB_WORKSPACE"), budgets);
        for (Finding f : findings) {
            StringBuilder workflowCommand = new StringBuilder("::").append(f.failed() ? "error" : "warning");
            List<String> properties = new ArrayList<>();
            if (file != null && f.inBudgetFile()) {
                properties.add("file=" + githubProperty(file));
                properties.add("line=" + f.line());
            }
            properties.add("title=" + githubProperty(f.title()));
            workflowCommand.append(' ').append(String.join(",", properties));
            workflowCommand.append("::").append(githubData(f.message()));
            context.out().println(workflowCommand);
        }
        Optional<Path> output = envFile(CiSystem.GITHUB, "GITHUB_OUTPUT", "no step outputs");
        if (output.isPresent()) {
            StringBuilder lines = new StringBuilder()
                    .append("verdict=")
                    .append(verdict(exit))
                    .append('\n')
                    .append("exit-code=")
                    .append(exit.code())
                    .append('\n');
            if (Files.isRegularFile(index)) {
                lines.append("report=").append(index).append('\n');
            }
            if (Files.isRegularFile(summary)) {
                lines.append("summary=").append(summary).append('\n');
            }
            append(output.get(), lines.toString());
        }
    }

    private void gitlab(Path run, Path budgets, ExitCode exit, List<Finding> findings) throws IOException {
        String projectDir = context.env().get("CI_PROJECT_DIR");
        String results = relativeTo(projectDir, run.resolve("results.json"));
        String file = budgets == null ? results : relativeTo(projectDir, budgets);
        ArrayNode report = JSON.createArrayNode();
        for (Finding f : findings) {
            ObjectNode issue = report.addObject();
            String path = f.inBudgetFile() ? file : results;
            issue.put("description", f.title() + ": " + f.message());
            issue.put("check_name", "perf-budget-" + f.check());
            // Stable across runs for one broken rule (the message holds this run's numbers).
            boolean rule = f.check().equals("limit") || f.check().equals("tolerance");
            issue.put("fingerprint", sha256(path + "\n" + f.title() + (rule ? "" : "\n" + f.message())));
            issue.put("severity", f.failed() ? "critical" : "minor");
            ObjectNode location = issue.putObject("location");
            location.put("path", path);
            location.putObject("lines").put("begin", Math.max(1, f.line()));
        }
        Path codeQuality = run.resolve(CODE_QUALITY);
        Files.writeString(codeQuality, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        StringBuilder env = new StringBuilder()
                .append("PERF_VERDICT=")
                .append(verdict(exit))
                .append('\n')
                .append("PERF_EXIT_CODE=")
                .append(exit.code())
                .append('\n');
        Path index = run.resolve("index.html");
        if (Files.isRegularFile(index)) {
            env.append("PERF_REPORT=").append(relativeTo(projectDir, index)).append('\n');
        }
        Path summary = run.resolve("summary.md");
        if (Files.isRegularFile(summary)) {
            env.append("PERF_SUMMARY=").append(relativeTo(projectDir, summary)).append('\n');
        }
        Files.writeString(run.resolve(DOTENV), env.toString());
        context.out()
                .println("perf " + command + " --ci gitlab: " + findings.size() + " finding(s) in " + codeQuality
                        + "; variables in " + run.resolve(DOTENV));
    }

    /** The file an environment variable names, or empty after a one-line note when it is unset. */
    private Optional<Path> envFile(CiSystem system, String name, String without) {
        String value = context.env().get(name);
        if (value == null || value.isBlank()) {
            note(system, name + " is not set; " + without);
            return Optional.empty();
        }
        return Optional.of(Path.of(value));
    }

    private void note(CiSystem system, String text) {
        context.err().println("perf " + command + " --ci " + system.label() + ": " + text);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** {@code file} relative to {@code root} when it is inside it, else {@code file} as it is. */
    static String relativeTo(String root, Path file) {
        if (root != null && !root.isBlank()) {
            Path base = Context.absolute(Path.of(root));
            Path absolute = Context.absolute(file);
            if (absolute.startsWith(base) && !absolute.equals(base)) {
                return base.relativize(absolute).toString();
            }
        }
        return file.toString();
    }

    /** A workflow command's message, escaped: {@code %}, CR and LF as {@code %25}, {@code %0D}, {@code %0A}. */
    static String githubData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** A workflow command's property value, escaped: as a message, and {@code :} and {@code ,} as {@code %3A} and {@code %2C}. */
    static String githubProperty(String s) {
        return githubData(s).replace(":", "%3A").replace(",", "%2C");
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
