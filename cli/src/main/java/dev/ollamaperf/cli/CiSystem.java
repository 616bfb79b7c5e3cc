package dev.ollamaperf.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CI system {@code perf gate --ci} writes for ({@link CiOutputs}): GitHub Actions, GitLab CI, or none.
 * {@code auto} picks it from the environment the way those systems announce themselves.
 */
enum CiSystem {
    /** GitHub Actions: job summary, workflow-command annotations, step outputs. */
    GITHUB,
    /** GitLab CI: a code quality report and a dotenv file in the run folder. */
    GITLAB,
    /** Nothing beyond the run folder. */
    PLAIN;

    /** The values {@code --ci} takes, for messages. */
    static final String CHOICES = "github, gitlab, plain or auto";

    /**
     * Returns the system {@code --ci value} names, detecting it from {@code env} for {@code auto}; empty for
     * anything else.
     */
    static Optional<CiSystem> named(String value, Map<String, String> env) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "github" -> Optional.of(GITHUB);
            case "gitlab" -> Optional.of(GITLAB);
            case "plain" -> Optional.of(PLAIN);
            case "auto" -> Optional.of(detect(env));
            default -> Optional.empty();
        };
    }

    /** GitHub when {@code GITHUB_ACTIONS=true}, GitLab when {@code GITLAB_CI=true}, else plain. */
    static CiSystem detect(Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.get("GITHUB_ACTIONS"))) {
            return GITHUB;
        }
        if ("true".equalsIgnoreCase(env.get("GITLAB_CI"))) {
            return GITLAB;
        }
        return PLAIN;
    }

    /** The name {@code --ci} takes. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
