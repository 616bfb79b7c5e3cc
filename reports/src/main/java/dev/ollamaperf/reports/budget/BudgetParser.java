package dev.ollamaperf.reports.budget;

import dev.ollamaperf.reports.budget.YamlTree.Mapping;
import dev.ollamaperf.reports.budget.YamlTree.Node;
import dev.ollamaperf.reports.budget.YamlTree.Scalar;
import dev.ollamaperf.reports.budget.YamlTree.Sequence;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a budget file (YAML). Syntax, documented with an example in {@code reports/budgets.example.yaml}:
 * <pre>
 * version: 1
 * defaults:
 *   tolerance: 10%
 * budgets:
 *   - select: load.steady.*.ttft.p95
 *     exclude: load.steady.canary:*.ttft.p95     # optional: a glob, or a list of globs
 *     limit: &lt;= 1500 ms
 *     tolerance: +10%
 *     severity: fail
 *     reason: TTFT objective agreed with product
 *     optional: true                              # optional: the run may lack these metrics by design
 * </pre>
 * Every error is a {@link BudgetException} naming the file and the line; unknown keys are errors.
 */
public final class BudgetParser {

    private static final Set<String> TOP_KEYS = Set.of("version", "defaults", "budgets");
    private static final Set<String> DEFAULT_KEYS = Set.of("tolerance");
    private static final Set<String> RULE_KEYS =
            Set.of("select", "exclude", "limit", "tolerance", "severity", "reason", "optional");
    private static final Pattern TOLERANCE = Pattern.compile("^[+-]?(\\d+(?:\\.\\d+)?)\\s*%$");

    /** Reads the file at {@code file}. */
    public BudgetFile parse(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return parse(file, reader);
        } catch (NoSuchFileException e) {
            throw new BudgetException(
                    file,
                    0,
                    "budget file not found (default location: " + BudgetFile.DEFAULT_LOCATION
                            + " at the project root; choose another with --budgets)",
                    e);
        } catch (IOException e) {
            throw new BudgetException(file, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads budget YAML text; {@code file} is only used in messages. */
    public BudgetFile parse(Path file, String text) {
        return parse(file, new StringReader(text));
    }

    private BudgetFile parse(Path file, Reader reader) {
        Node root = new YamlTree(file).parse(reader);
        Mapping top = mapping(file, root, "the document");
        checkKeys(file, top, TOP_KEYS, "top level");
        Node version = top.entries().get("version");
        if (version == null || !"1".equals(text(file, version, "version"))) {
            throw new BudgetException(
                    file,
                    version == null ? top.line() : version.line(),
                    "'version' must be 1, got: " + (version == null ? "nothing" : text(file, version, "version")));
        }
        double defaultTolerance = BudgetFile.DEFAULT_TOLERANCE;
        Node defaults = top.entries().get("defaults");
        if (defaults != null) {
            Mapping d = mapping(file, defaults, "'defaults'");
            checkKeys(file, d, DEFAULT_KEYS, "'defaults'");
            Node t = d.entries().get("tolerance");
            if (t != null) {
                defaultTolerance = tolerance(file, t);
            }
        }
        Node budgets = top.entries().get("budgets");
        if (budgets == null) {
            throw new BudgetException(file, top.line(), "'budgets' is required (a list of rules)");
        }
        if (!(budgets instanceof Sequence list)) {
            throw new BudgetException(file, budgets.line(), "'budgets' must be a list of rules");
        }
        if (list.items().isEmpty()) {
            // A gate that checks nothing would pass every run: say so instead of passing.
            throw new BudgetException(
                    file,
                    budgets.line(),
                    "'budgets' is empty, so nothing would be checked and every run "
                            + "would pass; add at least one rule, or judge the run without a budget file");
        }
        List<BudgetRule> rules = new ArrayList<>();
        for (Node item : list.items()) {
            rules.add(rule(file, item));
        }
        return new BudgetFile(file, defaultTolerance, rules);
    }

    private static BudgetRule rule(Path file, Node item) {
        Mapping m = mapping(file, item, "a budget rule");
        checkKeys(file, m, RULE_KEYS, "a budget rule");
        Node select = m.entries().get("select");
        if (select == null) {
            throw new BudgetException(file, m.line(), "rule needs 'select' (a metric name or glob)");
        }
        Selector selector = new Selector(text(file, select, "select"));
        Node excludeNode = m.entries().get("exclude");
        List<Selector> excludes = excludeNode == null ? List.of() : excludes(file, excludeNode, selector);
        Limit limit = null;
        Node limitNode = m.entries().get("limit");
        if (limitNode != null) {
            try {
                limit = Limit.parse(text(file, limitNode, "limit"));
            } catch (IllegalArgumentException e) {
                throw new BudgetException(file, limitNode.line(), e.getMessage(), e);
            }
        }
        Node toleranceNode = m.entries().get("tolerance");
        Double tolerance = toleranceNode == null ? null : tolerance(file, toleranceNode);
        if (limit == null && tolerance == null) {
            throw new BudgetException(file, m.line(), "rule '" + selector + "' needs a 'limit', a 'tolerance' or both");
        }
        Severity severity = Severity.FAIL;
        Node severityNode = m.entries().get("severity");
        if (severityNode != null) {
            String s = text(file, severityNode, "severity");
            try {
                severity = Severity.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BudgetException(
                        file, severityNode.line(), "'severity' must be fail or warn, got: '" + s + "'", e);
            }
        }
        Node reasonNode = m.entries().get("reason");
        String reason = reasonNode == null ? "" : text(file, reasonNode, "reason");
        boolean optional = false;
        Node optionalNode = m.entries().get("optional");
        if (optionalNode != null) {
            String o = text(file, optionalNode, "optional");
            if (!o.equals("true") && !o.equals("false")) {
                throw new BudgetException(
                        file, optionalNode.line(), "'optional' must be true or false, got: '" + o + "'");
            }
            optional = Boolean.parseBoolean(o);
        }
        return new BudgetRule(selector, excludes, limit, tolerance, severity, reason, m.line(), optional);
    }

    /**
     * Reads {@code exclude}: one glob, or a list of globs. An exact name (no wildcard) that the selector does
     * not match could never take anything out, so it is a mistake (a param written without its benchmark,
     * say), reported rather than ignored.
     */
    private static List<Selector> excludes(Path file, Node node, Selector selector) {
        List<Node> items = node instanceof Sequence list ? list.items() : List.of(node);
        if (items.isEmpty()) {
            throw new BudgetException(file, node.line(), excludeError(selector, "an empty list"));
        }
        List<Selector> excludes = new ArrayList<>();
        for (Node item : items) {
            if (!(item instanceof Scalar s) || s.text() == null || s.text().isBlank()) {
                throw new BudgetException(file, item.line(), excludeError(selector, describe(item)));
            }
            Selector exclude = new Selector(s.text());
            if (!exclude.isGlob() && !selector.matches(exclude.pattern())) {
                throw new BudgetException(
                        file,
                        item.line(),
                        "rule '" + selector + "': 'exclude' value '" + exclude
                                + "' has no wildcard and is not a name the selector matches, so it leaves nothing out; "
                                + "write a glob such as '*client=OLLAMA4J*' or a full metric name");
            }
            excludes.add(exclude);
        }
        return excludes;
    }

    private static String excludeError(Selector selector, String got) {
        return "rule '" + selector + "': 'exclude' must be a glob or a list of globs (e.g. \"jmh.*client=OLLAMA4J*\"), "
                + "got: " + got;
    }

    private static String describe(Node node) {
        if (node instanceof Mapping m) {
            return "a mapping with keys " + m.entries().keySet();
        }
        if (node instanceof Sequence) {
            return "a list inside the list";
        }
        String text = ((Scalar) node).text();
        return text == null ? "nothing" : "'" + text + "'";
    }

    private static double tolerance(Path file, Node node) {
        String text = text(file, node, "tolerance");
        Matcher matcher = TOLERANCE.matcher(text.trim());
        if (!matcher.matches()) {
            throw new BudgetException(
                    file,
                    node.line(),
                    "'tolerance' must be a percentage like +10% (the allowed "
                            + "worsening; the sign is optional, the metric's direction says which way is worse), got: '"
                            + text + "'");
        }
        return Double.parseDouble(matcher.group(1)) / 100;
    }

    private static Mapping mapping(Path file, Node node, String what) {
        if (!(node instanceof Mapping m)) {
            throw new BudgetException(file, node.line(), what + " must be a mapping of keys to values");
        }
        return m;
    }

    private static String text(Path file, Node node, String key) {
        if (!(node instanceof Scalar s) || s.text() == null || s.text().isBlank()) {
            throw new BudgetException(file, node.line(), "'" + key + "' must be a non-empty value");
        }
        return s.text();
    }

    private static void checkKeys(Path file, Mapping m, Set<String> allowed, String where) {
        m.keyLines().forEach((key, line) -> {
            if (!allowed.contains(key)) {
                throw new BudgetException(
                        file,
                        line,
                        "unknown key '" + key + "' in " + where + "; allowed: "
                                + allowed.stream().sorted().toList());
            }
        });
    }
}
